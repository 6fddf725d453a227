package io.torale.notifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import io.torale.notifier.delivery.NotificationPayload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSigningTest {

  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  @Test
  void signatureVerifiesWithTheReferenceLibrary() throws Exception {
    var payload =
        new NotificationPayload(
            "evt-1",
            "run-1",
            "task-1",
            "iPhone",
            "next iPhone",
            "date announced",
            "ann",
            Map.of("team", "mobile"),
            "September 9",
            null,
            List.of(new NotificationPayload.Source("Apple", "https://apple.com")),
            Instant.parse("2026-01-01T00:00:00Z"),
            List.of(new NotificationPayload.Fact("eventDate", "DATE", "2026-09-09")));
    String body = WebhookBody.json(payload);
    assertThat(body)
        .contains(
            "\"fields\":[{\"name\":\"eventDate\",\"type\":\"DATE\",\"value\":\"2026-09-09\"}]");
    long ts = Instant.now().getEpochSecond();
    String signature = WebhookSigner.sign(SECRET, "msg_1", ts, body);

    assertThat(signature).startsWith("v1,");
    new Webhook(SECRET)
        .verify(
            body,
            Map.of(
                "webhook-id", List.of("msg_1"),
                "webhook-timestamp", List.of(Long.toString(ts)),
                "webhook-signature", List.of(signature)));
    assertThat(body)
        .startsWith("{\"type\":\"task.condition_met\",\"timestamp\":\"2026-01-01T00:00:00Z\"")
        .contains("\"context\":{\"team\":\"mobile\"}");
  }

  @Test
  void retryAfterReadsSecondsAndDates() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(RetryAfter.parse("7", now)).isEqualTo(Duration.ofSeconds(7));
    assertThat(RetryAfter.parse("Thu, 01 Jan 2026 00:01:00 GMT", now))
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(RetryAfter.parse("soon", now)).isNull();
  }
}
