package io.torale.commandconsumer.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleDriftTest {

  @Test
  void nextFiringsFollowTheCronInTheTasksTimeZone() {
    Instant after = Instant.parse("2026-11-27T10:00:00Z");
    assertThat(ScheduleDrift.nextFirings("0 9 * * *", "Europe/Berlin", after, 2))
        .containsExactly(
            Instant.parse("2026-11-28T08:00:00Z"), Instant.parse("2026-11-29T08:00:00Z"));
    // Day-of-week names and 0 = Sunday, as Temporal reads them.
    assertThat(ScheduleDrift.nextFirings("30 6 * * SUN", "UTC", after, 1))
        .containsExactly(Instant.parse("2026-11-29T06:30:00Z"));
    assertThat(ScheduleDrift.nextFirings("30 6 * * 0", "UTC", after, 1))
        .containsExactly(Instant.parse("2026-11-29T06:30:00Z"));
    assertThat(ScheduleDrift.nextFirings("*/20 * * * *", "Asia/Tokyo", after, 3))
        .containsExactly(
            Instant.parse("2026-11-27T10:20:00Z"),
            Instant.parse("2026-11-27T10:40:00Z"),
            Instant.parse("2026-11-27T11:00:00Z"));
  }
}
