package io.torale.notifier.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.torale.notifier.delivery.NotificationPayload;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmailTemplatesTest {

  private static NotificationPayload payload(List<NotificationPayload.Fact> facts) {
    return new NotificationPayload(
        "evt-1",
        "exec-1",
        "task-1",
        "iPhone event",
        "When is the next iPhone event?",
        "a date is confirmed",
        "owner",
        Map.of(),
        "Apple moved its event to September 16.",
        "The event moved from September 9 to September 16, 2026.",
        List.of(),
        Instant.parse("2026-09-01T10:00:00Z"),
        facts);
  }

  @Test
  void bothPartsCarryWhatChangedAndTheTypedFacts() {
    var rendered =
        new EmailTemplates()
            .render(
                payload(
                    List.of(
                        new NotificationPayload.Fact("eventDate", "DATE", "2026-09-16"),
                        new NotificationPayload.Fact("price", "NUMBER", null))));

    for (String part : List.of(rendered.text(), rendered.html())) {
      assertThat(part)
          .contains("The event moved from September 9 to September 16, 2026.")
          .contains("eventDate")
          .contains("2026-09-16")
          .contains("price");
    }
    assertThat(rendered.text()).contains("eventDate: 2026-09-16").contains("price: —");
  }

  @Test
  void withoutFactsNothingIsAdded() {
    assertThat(new EmailTemplates().render(payload(List.of())).text()).doesNotContain("eventDate");
  }
}
