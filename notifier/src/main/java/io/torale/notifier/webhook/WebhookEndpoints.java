package io.torale.notifier.webhook;

import io.torale.notifier.delivery.AttemptObserver;
import io.torale.notifier.delivery.Channel;
import io.torale.notifier.delivery.Delivery;
import io.torale.notifier.delivery.Outcome;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Health of webhook endpoints ({@code webhook_endpoints}), kept per owner and URL: a success resets
 * the run of failures; a run of {@code disableAfterFailures} failed attempts, or one 410 Gone,
 * disables the endpoint for that owner only, so one owner (say, one that registered a victim's URL
 * with a wrong secret) cannot disable it for another. Disabling is a guarded update, so only one
 * instance reports it. Re-enable by hand: {@code UPDATE webhook_endpoints SET disabled_at = NULL,
 * consecutive_failures = 0 WHERE owner = … AND url = …}. The dispatcher's claim reads the disabled
 * flag with each delivery ({@link Delivery#endpointDisabled}).
 */
@Component
class WebhookEndpoints implements AttemptObserver {

  private final JdbcClient jdbc;
  private final int disableAfterFailures;

  WebhookEndpoints(JdbcClient jdbc, WebhookProperties properties) {
    this.jdbc = jdbc;
    this.disableAfterFailures = properties.disableAfterFailures();
  }

  @Override
  public String afterAttempt(Delivery delivery, Outcome outcome) {
    if (delivery.channel() != Channel.WEBHOOK) {
      return null;
    }
    String owner = delivery.owner();
    String url = delivery.target();
    return switch (outcome) {
      // A success's reset of the run of failures is part of recording the attempt (one statement,
      // see DeliveryRepository#recordAttempt).
      case Outcome.Delivered d -> null;
      case Outcome.Retryable r -> {
        int failures =
            jdbc.sql(
                    """
                    INSERT INTO webhook_endpoints (owner, url, consecutive_failures)
                    VALUES (?, ?, 1)
                    ON CONFLICT (owner, url) DO UPDATE
                    SET consecutive_failures = webhook_endpoints.consecutive_failures + 1,
                        updated_at = now()
                    RETURNING consecutive_failures
                    """)
                .param(owner)
                .param(url)
                .query(Integer.class)
                .single();
        yield failures >= disableAfterFailures
            ? disable(owner, url, failures + " consecutive failed attempts")
            : null;
      }
      case Outcome.Failed f when f.disableEndpoint() -> disable(owner, url, f.error());
      default -> null;
    };
  }

  private String disable(String owner, String url, String reason) {
    int changed =
        jdbc.sql(
                """
                INSERT INTO webhook_endpoints (owner, url, disabled_at, disabled_reason)
                VALUES (:owner, :url, now(), :reason)
                ON CONFLICT (owner, url) DO UPDATE SET disabled_at = now(),
                    disabled_reason = :reason, updated_at = now()
                WHERE webhook_endpoints.disabled_at IS NULL
                """)
            .param("owner", owner)
            .param("url", url)
            .param("reason", reason)
            .update();
    return changed == 1 ? "endpoint disabled: " + reason : null;
  }
}
