package io.torale.platform.task;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A webhook endpoint named without its URL, which often carries a token: what travels on {@code
 * torale.condition-met.v1} and through Temporal history. The notifier resolves the id to the URL
 * (and secret) through the command consumer's task API.
 *
 * <p>The id is {@code whep_} and the first 128 bits of SHA-256 over the task id and the URL: stable
 * for as long as the task has that URL, so an event published before an update still finds it, and
 * one-way, so it reveals the URL only to someone who already knows it.
 *
 * @param id {@code whep_<32 hex digits>}
 * @param redactedUrl scheme, host and port only ({@code https://hooks.example.com/…})
 */
public record WebhookEndpointRef(String id, String redactedUrl) {

  public static final String ID_PREFIX = "whep_";

  /** The reference of {@code url} among {@code taskId}'s webhooks. */
  public static WebhookEndpointRef of(String taskId, String url) {
    return new WebhookEndpointRef(idOf(taskId, url), redact(url));
  }

  public static String idOf(String taskId, String url) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((taskId + "\n" + url.strip()).getBytes(StandardCharsets.UTF_8));
      return ID_PREFIX + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /** Whether {@code target} is an endpoint id rather than a URL. */
  public static boolean isId(String target) {
    return target != null && target.startsWith(ID_PREFIX);
  }

  /** Scheme, host and port of {@code url}: paths and queries often carry tokens. */
  public static String redact(String url) {
    try {
      URI uri = URI.create(url.strip());
      if (uri.getHost() == null) {
        return "…";
      }
      String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
      return uri.getScheme() + "://" + uri.getHost() + port + "/…";
    } catch (IllegalArgumentException e) {
      return "…";
    }
  }
}
