package io.torale.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Files of the local system under {@code .torale/} (or {@code TORALE_HOME}). */
public final class LocalFiles {

  private LocalFiles() {}

  public static Path home() {
    String configured = System.getenv("TORALE_HOME");
    return Path.of(configured != null && !configured.isBlank() ? configured : ".torale")
        .toAbsolutePath();
  }

  public static Path adminTokenFile() {
    return home().resolve("admin-token");
  }

  public static Optional<String> readAdminToken() {
    Path file = adminTokenFile();
    try {
      return Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
