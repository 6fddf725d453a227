package io.torale.notifier.webhook;

import java.net.URI;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds attempts in flight per endpoint (scheme, host, port), so one endpoint with a backlog
 * cannot take every connection and thread; others are never queued behind it.
 *
 * <p>Hand-written on purpose: it is a JDK {@link Semaphore} per endpoint key. Resilience4j's
 * bulkhead was the kept alternative; its {@code SemaphoreBulkhead} is the same semaphore with a
 * configuration object and events around it, and a {@code BulkheadRegistry} keyed by endpoint would
 * still need our key derivation and would hold one bulkhead per endpoint just as this map does. It
 * would add two artifacts and remove no logic of ours. Revisit if per-endpoint metrics (its
 * Micrometer binding) are wanted.
 */
final class EndpointLimiter {

  private final ConcurrentHashMap<String, Semaphore> permits = new ConcurrentHashMap<>();
  private final int perEndpoint;

  EndpointLimiter(int perEndpoint) {
    this.perEndpoint = perEndpoint;
  }

  /**
   * @return the key to {@link #release} when a permit was taken, else null
   */
  String tryAcquire(URI uri, long waitMillis) throws InterruptedException {
    String key = key(uri);
    Semaphore semaphore = permits.computeIfAbsent(key, k -> new Semaphore(perEndpoint));
    return semaphore.tryAcquire(waitMillis, TimeUnit.MILLISECONDS) ? key : null;
  }

  void release(String key) {
    permits.get(key).release();
  }

  static String key(URI uri) {
    int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    return uri.getScheme() + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
  }
}
