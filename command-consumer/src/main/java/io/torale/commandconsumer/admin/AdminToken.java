package io.torale.commandconsumer.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin bearer token: configured, or generated once per process. A generated token is logged
 * once at WARN, because otherwise nobody could call the admin endpoints of a local stack; set
 * {@code TORALE_ADMIN_TOKEN} anywhere logs are shared.
 */
final class AdminToken {

  private static final Logger log = LoggerFactory.getLogger(AdminToken.class);

  private final byte[] expected;

  private AdminToken(String token) {
    this.expected = token.getBytes(StandardCharsets.UTF_8);
  }

  static AdminToken from(AdminProperties properties) {
    if (properties.token() != null && !properties.token().isBlank()) {
      return new AdminToken(properties.token());
    }
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String generated = HexFormat.of().formatHex(random);
    log.warn(
        "torale.admin.token (TORALE_ADMIN_TOKEN) is not set: generated admin token {} for this"
            + " process. Set the variable for a stable token and to keep it out of logs.",
        generated);
    return new AdminToken(generated);
  }

  /** Constant-time comparison of an {@code Authorization} header value. */
  boolean accepts(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    byte[] presented = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, presented);
  }
}
