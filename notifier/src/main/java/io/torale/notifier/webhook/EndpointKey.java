package io.torale.notifier.webhook;

import java.net.URI;
import java.util.Locale;

/**
 * The key of a webhook endpoint (scheme, host, port) whose attempts in flight are bounded by {@code
 * per-endpoint-concurrency}, so one endpoint with a backlog cannot take every connection and
 * thread. The dispatcher's lanes enforce the bound ({@code WebhookSender#lane}): waiting deliveries
 * hold no thread and no slot.
 */
final class EndpointKey {

  private EndpointKey() {}

  static String key(URI uri) {
    int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    return uri.getScheme() + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
  }
}
