package io.torale.commandconsumer.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin bearer token, from {@code torale.admin.token}. Without one the admin API is closed:
 * every {@code /admin/**} request gets 401. It used to generate a token and log it, but a token in
 * a log is a token in every log pipeline; {@code ./torale up} writes the local one to {@code
 * .torale/admin-token} and hands it to the service through its environment instead.
 */
final class AdminToken {

  private static final Logger log = LoggerFactory.getLogger(AdminToken.class);

  /** Null when no token is configured: nothing is accepted. */
  private final byte[] expected;

  private AdminToken(byte[] expected) {
    this.expected = expected;
  }

  static AdminToken from(AdminProperties properties) {
    if (properties.token() != null && !properties.token().isBlank()) {
      return new AdminToken(properties.token().getBytes(StandardCharsets.UTF_8));
    }
    log.warn(
        "torale.admin.token (TORALE_ADMIN_TOKEN) is not set: the admin API (/admin/**) refuses"
            + " every request until it is");
    return new AdminToken(null);
  }

  /** Constant-time comparison of an {@code Authorization} header value. */
  boolean accepts(String authorization) {
    if (expected == null || authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    byte[] presented = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, presented);
  }
}
