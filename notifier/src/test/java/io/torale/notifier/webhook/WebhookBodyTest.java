package io.torale.notifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.torale.notifier.delivery.NotificationPayload;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookBodyTest {

  /** The body byte for byte: field order, nulls, escaping, empty lists (receivers sign over it). */
  @Test
  void bodyIsTheStandardWebhooksEnvelopeInAFixedOrder() {
    var payload =
        new NotificationPayload(
            "evt-1",
            "run-1",
            "task-1",
            "iPhone \"Pro\"",
            "next iPhone",
            "date announced",
            "ann",
            Map.of("team", "mobile"),
            "September 9 <b>2026</b>\n",
            null,
            List.of(new NotificationPayload.Source("Apple", "https://apple.com")),
            Instant.parse("2026-01-01T00:00:00.250Z"),
            List.of(new NotificationPayload.Fact("eventDate", "DATE", "2026-09-09")));

    assertThat(WebhookBody.json(payload))
        .isEqualTo(
            "{\"type\":\"task.condition_met\",\"timestamp\":\"2026-01-01T00:00:00.250Z\","
                + "\"data\":{\"event_id\":\"evt-1\",\"execution_id\":\"run-1\","
                + "\"task\":{\"id\":\"task-1\",\"name\":\"iPhone \\\"Pro\\\"\","
                + "\"search_query\":\"next iPhone\",\"condition\":\"date announced\","
                + "\"owner\":\"ann\"},\"context\":{\"team\":\"mobile\"},"
                + "\"answer\":\"September 9 <b>2026</b>\\n\",\"what_changed\":null,"
                + "\"sources\":[{\"title\":\"Apple\",\"url\":\"https://apple.com\"}],"
                + "\"fields\":[{\"name\":\"eventDate\",\"type\":\"DATE\",\"value\":\"2026-09-09\"}],"
                + "\"found_at\":\"2026-01-01T00:00:00.250Z\"}}");
  }

  @Test
  void emptyContextSourcesAndFieldsAreEmptyObjectAndLists() {
    var payload =
        new NotificationPayload(
            "evt-2",
            null,
            "task-2",
            "n",
            "q",
            "c",
            "o",
            null,
            null,
            null,
            null,
            Instant.parse("2026-01-01T00:00:00Z"),
            null);

    assertThat(WebhookBody.json(payload))
        .contains("\"execution_id\":null")
        .contains(
            "\"context\":{},\"answer\":null,\"what_changed\":null,\"sources\":[],\"fields\":[]");
  }

  @Test
  void onlyAWellFormedTraceparentIsContinued() {
    assertThat(AttemptSpan.isTraceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))
        .isTrue();
    assertThat(AttemptSpan.isTraceparent(null)).isFalse();
    assertThat(AttemptSpan.isTraceparent("01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))
        .isFalse();
    assertThat(AttemptSpan.isTraceparent("00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01"))
        .isFalse();
    assertThat(AttemptSpan.isTraceparent("00-0af7651916cd43dd8448eb211c80319c_b7ad6b7169203331-01"))
        .isFalse();
    assertThat(AttemptSpan.isTraceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b716920333-01"))
        .isFalse();
  }
}
