package io.torale.notifier.webhook;

import com.standardwebhooks.Webhook;
import io.torale.notifier.delivery.Channel;
import io.torale.notifier.delivery.ChannelSender;
import io.torale.notifier.delivery.Delivery;
import io.torale.notifier.delivery.Outcome;
import io.torale.notifier.delivery.RetryLadder;
import io.torale.platform.egress.EgressRefusedException;
import io.torale.platform.task.WebhookEndpointRef;
import io.torale.platform.taskapi.TaskApiClient;
import io.torale.platform.tracing.TraceContexts;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.slf4j.MDC;

/**
 * One signed POST per attempt. Only 2xx succeeds; redirects are not followed and count as failures;
 * 410 fails the delivery and disables the endpoint; 429 and 503 are retried after their {@code
 * Retry-After}. The whole attempt is bounded by {@code timeout}. The {@code webhook-id} is the
 * delivery id, the same on every retry, so receivers can deduplicate.
 */
class WebhookSender implements ChannelSender {

  /** Signing and building the request, beside the HTTP exchange the timeout bounds. */
  private static final Duration OVERHEAD = Duration.ofSeconds(1);

  private final CloseableHttpClient http;
  private final GuardedResolver guard;
  private final WebhookSecrets secrets;
  private final Optional<AsymmetricSigner> asymmetric;
  private final int perEndpoint;
  private final ScheduledExecutorService deadlines;
  private final Duration timeout;
  private final RetryLadder ladder;
  private final TraceContexts traces;
  private final double spanSampling;

  /** The default secret and its signer, decoded once (null: none, or not valid base64). */
  private final String defaultSecret;

  private final Webhook defaultSigner;

  WebhookSender(
      CloseableHttpClient http,
      GuardedResolver guard,
      WebhookSecrets secrets,
      Optional<AsymmetricSigner> asymmetric,
      ScheduledExecutorService deadlines,
      WebhookProperties properties,
      TraceContexts traces,
      AttemptTracing tracing) {
    this.http = http;
    this.guard = guard;
    this.secrets = secrets;
    this.asymmetric = asymmetric;
    this.perEndpoint = properties.perEndpointConcurrency();
    this.deadlines = deadlines;
    this.timeout = properties.timeout();
    this.ladder = new RetryLadder(properties.retrySchedule(), properties.jitter());
    this.traces = traces;
    this.spanSampling = tracing.sampling();
    Webhook signer = null;
    String configured = properties.defaultSecret();
    if (configured != null && !configured.isBlank()) {
      try {
        signer = WebhookSigner.prepare(configured);
      } catch (IllegalArgumentException e) {
        // Left to each attempt, which fails the delivery with "invalid signing secret".
      }
    }
    this.defaultSecret = signer == null ? null : configured;
    this.defaultSigner = signer;
  }

  @Override
  public Channel channel() {
    return Channel.WEBHOOK;
  }

  @Override
  public RetryLadder ladder() {
    return ladder;
  }

  @Override
  public Duration longestAttempt() {
    return timeout.plus(OVERHEAD);
  }

  /**
   * An endpoint (scheme, host, port): the dispatcher runs at most {@code per-endpoint-concurrency}
   * attempts against it at once, and its other deliveries wait without holding anything.
   */
  @Override
  public String lane(Delivery delivery) {
    if (delivery.endpointDisabled()) {
      return null;
    }
    String url = delivery.target();
    if (WebhookEndpointRef.isId(url)) {
      // An endpoint reference: its URL from the claim's prefetched lookup (prepare runs first);
      // when it cannot be resolved, the reference itself still bounds the endpoint.
      try {
        url = secrets.urlFor(delivery.taskId(), url);
      } catch (RuntimeException e) {
        return delivery.target();
      }
      if (url == null) {
        return delivery.target();
      }
    }
    try {
      URI uri = URI.create(url);
      return uri.getHost() == null ? null : EndpointKey.key(uri);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public int laneLimit() {
    return perEndpoint;
  }

  /** Looks up the signing secrets of a whole claim in one query. */
  @Override
  public void prepare(List<Delivery> claimed) {
    secrets.prefetch(
        claimed.stream().map(d -> new WebhookSecrets.Endpoint(d.taskId(), d.target())).toList());
  }

  @Override
  public Outcome send(Delivery delivery) {
    String url;
    try {
      url = secrets.urlFor(delivery.taskId(), delivery.target());
    } catch (TaskApiClient.TaskApiException e) {
      return new Outcome.Retryable(null, "task API unavailable to resolve the endpoint", null);
    }
    if (url == null) {
      return new Outcome.Failed(null, "the task no longer has this webhook endpoint", false);
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return new Outcome.Failed(null, "invalid URL", false);
    }
    if (uri.getHost() == null
        || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
      return new Outcome.Failed(null, "not an http(s) URL", false);
    }
    try {
      // Refuse before signing anything; the client's resolver checks again at connect time.
      guard.resolve(uri.getHost());
    } catch (EgressRefusedException e) {
      return new Outcome.Refused(e.getMessage());
    } catch (UnknownHostException e) {
      return new Outcome.Retryable(null, "unknown host", null);
    }
    String secret;
    try {
      secret = secrets.secretFor(delivery.taskId(), delivery.target());
    } catch (WebhookSecrets.UndecryptableSecretException e) {
      return new Outcome.Failed(
          null,
          "the endpoint's stored secret does not decrypt with torale.secrets.storage-keys: "
              + e.getMessage(),
          false);
    }
    if (secret == null && asymmetric.isEmpty()) {
      return new Outcome.Failed(
          null, "no signing secret for this endpoint, no default and no signing key", false);
    }
    // Each attempt is in the trace of the event's intake (a recorded client span for a sampled
    // share); the receiver gets it as traceparent and can continue it.
    try (var deliveryId = MDC.putCloseable("deliveryId", delivery.id());
        var taskId = MDC.putCloseable("taskId", delivery.taskId());
        AttemptSpan span = AttemptSpan.start(traces, delivery.traceparent(), spanSampling)) {
      Outcome outcome = post(uri, delivery, secret, span.traceparent());
      span.outcome(outcome.getClass().getSimpleName());
      return outcome;
    }
  }

  private Outcome post(URI uri, Delivery delivery, String secret, String traceparent) {
    String body = WebhookBody.json(delivery.payload());
    long timestamp = Instant.now().getEpochSecond();
    // Standard Webhooks: several signatures, space-separated; a receiver checks the one it can.
    List<String> signatures = new java.util.ArrayList<>(2);
    if (secret != null) {
      try {
        signatures.add(
            secret.equals(defaultSecret)
                ? WebhookSigner.sign(defaultSigner, delivery.id(), timestamp, body)
                : WebhookSigner.sign(secret, delivery.id(), timestamp, body));
      } catch (IllegalArgumentException e) {
        return new Outcome.Failed(null, "invalid signing secret", false);
      }
    }
    asymmetric.ifPresent(signer -> signatures.add(signer.sign(delivery.id(), timestamp, body)));
    String signature = String.join(" ", signatures);
    HttpPost post = new HttpPost(uri);
    post.setHeader("webhook-id", delivery.id());
    post.setHeader("webhook-timestamp", Long.toString(timestamp));
    post.setHeader("webhook-signature", signature);
    if (traceparent != null) {
      post.setHeader(TraceContexts.TRACEPARENT, traceparent);
    }
    post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
    ScheduledFuture<?> deadline =
        deadlines.schedule(post::cancel, timeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      return http.execute(post, WebhookSender::classify);
    } catch (EgressRefusedException e) {
      return new Outcome.Refused(e.getMessage());
    } catch (SocketTimeoutException e) {
      return new Outcome.Retryable(null, "timed out", null);
    } catch (IOException e) {
      String error = post.isCancelled() ? "timed out" : e.getClass().getSimpleName();
      return new Outcome.Retryable(null, error, null);
    } finally {
      deadline.cancel(false);
    }
  }

  private static Outcome classify(ClassicHttpResponse response) throws IOException {
    int code = response.getCode();
    EntityUtils.consume(response.getEntity());
    if (code >= 200 && code < 300) {
      return new Outcome.Delivered(code);
    }
    if (code == 410) {
      return new Outcome.Failed(code, "410 Gone", true);
    }
    if (code >= 300 && code < 400) {
      return new Outcome.Retryable(code, "redirect not followed", null);
    }
    Duration retryAfter = null;
    if (code == 429 || code == 503) {
      var header = response.getFirstHeader("Retry-After");
      retryAfter = header == null ? null : RetryAfter.parse(header.getValue(), Instant.now());
    }
    return new Outcome.Retryable(code, "HTTP " + code, retryAfter);
  }
}
