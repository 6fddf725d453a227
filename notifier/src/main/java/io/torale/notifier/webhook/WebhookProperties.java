package io.torale.notifier.webhook;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Webhook delivery ({@code torale.webhooks.*}).
 *
 * @param timeout the whole attempt: connect, send, wait for the status line
 * @param retrySchedule delay before each attempt; the first is normally 0 ("at once"), so its
 *     length is the number of attempts
 * @param jitter ± fraction applied to every non-zero delay
 * @param defaultSecret {@code whsec_…} used for endpoints without a secret of their own
 * @param allowedHosts hosts exempt from the egress guard (e.g. {@code localhost} for the local
 *     stack); empty in production
 * @param disableAfterFailures consecutive failed attempts after which an endpoint is disabled
 * @param perEndpointConcurrency most attempts in flight to one endpoint (scheme, host, port)
 * @param secretCacheTtl how long a looked-up signing secret is reused; a rotated secret is used at
 *     most this long after the task was updated ({@code 0s}: look it up on every attempt)
 * @param signingKey {@code whsk_…} Ed25519 key: every webhook also carries a {@code v1a} signature
 *     receivers verify with the published public key ({@code GET /webhooks/public-key}); an
 *     endpoint without a secret of its own then needs none
 */
@Validated
@ConfigurationProperties("torale.webhooks")
public record WebhookProperties(
    @DefaultValue("15s") Duration timeout,
    @NotEmpty @DefaultValue("0s,5s,5m,30m,2h,5h,10h,10h") List<Duration> retrySchedule,
    @DefaultValue("0.2") double jitter,
    String defaultSecret,
    @DefaultValue List<String> allowedHosts,
    @Min(1) @DefaultValue("20") int disableAfterFailures,
    @Min(1) @DefaultValue("8") int perEndpointConcurrency,
    @DefaultValue("10s") Duration secretCacheTtl,
    String signingKey) {

  @Override
  public String toString() {
    return ("WebhookProperties[timeout=%s, retrySchedule=%s, defaultSecret=%s, allowedHosts=%s,"
            + " signingKey=%s]")
        .formatted(
            timeout,
            retrySchedule,
            defaultSecret == null ? "none" : "****",
            allowedHosts,
            signingKey == null ? "none" : "****");
  }
}
