package io.torale.notifier.delivery;

import io.torale.platform.task.WebhookEndpointRef;

/**
 * Targets as they may appear outside the database: {@code a***@example.com} and {@code
 * https://hooks.example.com/…}. Paths and queries of webhook URLs often carry tokens, so only the
 * scheme, host and port remain.
 */
public final class Redaction {

  private Redaction() {}

  public static String redact(Channel channel, String target) {
    return channel == Channel.EMAIL ? email(target) : url(target);
  }

  static String email(String address) {
    int at = address.indexOf('@');
    if (at <= 0) {
      return "***";
    }
    return address.charAt(0) + "***" + address.substring(at);
  }

  static String url(String url) {
    if (url.startsWith("whep_")) {
      return url; // an endpoint id (WebhookEndpointRef) names the endpoint without its URL
    }
    return WebhookEndpointRef.redact(url);
  }
}
