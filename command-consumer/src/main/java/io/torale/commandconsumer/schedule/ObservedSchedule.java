package io.torale.commandconsumer.schedule;

import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleListDescription;
import java.time.Instant;
import java.util.List;

/**
 * What the reconciler compares of a schedule with its task, read either fresh ({@code describe()})
 * or from a listing entry. Listing entries carry the same three facts (the server keeps them in the
 * schedule's visibility record), so a pass can find drift without a describe per schedule.
 *
 * @param timeZone the spec's time zone, {@code UTC} when unset
 * @param nextActionTimes the next firings the server computed (empty when it reports none)
 * @param paused whether the schedule is paused
 */
public record ObservedSchedule(String timeZone, List<Instant> nextActionTimes, boolean paused) {

  public static ObservedSchedule of(ScheduleDescription schedule) {
    return new ObservedSchedule(
        zone(schedule.getSchedule().getSpec().getTimeZoneName()),
        schedule.getInfo().getNextActionTimes(),
        schedule.getSchedule().getState().isPaused());
  }

  public static ObservedSchedule of(ScheduleListDescription listed) {
    var spec = listed.getSchedule().getSpec();
    return new ObservedSchedule(
        zone(spec == null ? null : spec.getTimeZoneName()),
        listed.getInfo().getNextActionTimes(),
        listed.getSchedule().getState().isPaused());
  }

  private static String zone(String name) {
    return name == null || name.isEmpty() ? "UTC" : name;
  }
}
