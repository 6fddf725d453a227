package io.torale.cli.up;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.function.Supplier;

/**
 * A secret of the local system: taken from its environment variable when set, else the one kept in
 * a file under {@code .torale/}, else a new random one written there. Kept in a file (not printed)
 * so client commands in another shell can read it.
 */
record LocalSecret(String environmentVariable, Path file, Supplier<String> generator) {

  private static final SecureRandom RANDOM = new SecureRandom();

  String resolve() {
    String configured = System.getenv(environmentVariable);
    try {
      String secret;
      if (configured != null && !configured.isBlank()) {
        secret = configured.strip();
      } else if (Files.exists(file)) {
        secret = Files.readString(file).strip();
      } else {
        secret = generator.get();
      }
      Files.createDirectories(file.getParent());
      Files.writeString(file, secret);
      try {
        // Readable by its owner only, like the environment it is handed on in.
        Files.setPosixFilePermissions(
            file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: its default permissions apply.
      }
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String randomHex() {
    return java.util.HexFormat.of().formatHex(randomBytes());
  }

  /** A Standard Webhooks secret: {@code whsec_} and base64 of 24 random bytes. */
  static String randomWebhookSecret() {
    return "whsec_" + java.util.Base64.getEncoder().encodeToString(randomBytes());
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
