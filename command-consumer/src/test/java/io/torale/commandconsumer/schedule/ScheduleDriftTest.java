package io.torale.commandconsumer.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.torale.commandconsumer.task.TaskDefinitions;
import io.torale.platform.task.Task;
import io.torale.schemas.v1.Schedule;
import io.torale.testsupport.commands.Commands;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
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

  @Test
  void aListingInStepIsConsecutiveFiringsOfTheTasksCronWhenEverItWasWritten() {
    Task task = task("0 9 * * *", "Europe/Berlin");
    // Times the schedule computed days ago: still firings of the cron, one after another.
    var listed =
        new ObservedSchedule(
            "Europe/Berlin",
            List.of(
                Instant.parse("2026-11-01T08:00:00Z"),
                Instant.parse("2026-11-02T08:00:00Z"),
                Instant.parse("2026-11-03T08:00:00Z")),
            false);
    assertThat(ScheduleDrift.listedDiffers(task, listed)).isFalse();
  }

  @Test
  void aListingWithOtherFiringsOrAnotherZoneDiffers() {
    Task task = task("0 9 * * *", "Europe/Berlin");
    var otherHour =
        new ObservedSchedule(
            "Europe/Berlin",
            List.of(Instant.parse("2026-11-28T03:15:00Z"), Instant.parse("2026-11-29T03:15:00Z")),
            false);
    var onlyMondays =
        new ObservedSchedule(
            "Europe/Berlin",
            List.of(Instant.parse("2026-11-30T08:00:00Z"), Instant.parse("2026-12-07T08:00:00Z")),
            false);
    var otherZone = new ObservedSchedule("Asia/Tokyo", List.of(), false);
    assertThat(ScheduleDrift.listedDiffers(task, otherHour)).isTrue();
    assertThat(ScheduleDrift.listedDiffers(task, onlyMondays)).isTrue();
    assertThat(ScheduleDrift.listedDiffers(task, otherZone)).isTrue();
  }

  private static Task task(String cron, String zone) {
    return TaskDefinitions.fromCreate(
        UUID.randomUUID(), Commands.validCreate().setSchedule(new Schedule(cron, zone)).build());
  }
}
