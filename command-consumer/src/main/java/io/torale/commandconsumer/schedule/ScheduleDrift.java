package io.torale.commandconsumer.schedule;

import io.temporal.client.schedules.ScheduleDescription;
import io.torale.platform.task.Task;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.scheduling.support.CronExpression;

/**
 * Whether a schedule fires at other times than its task says: another time zone, or another cron.
 * Temporal's describe returns the cron compiled into calendars, not its text, so the cron is
 * compared by what it does: the schedule's next action times (computed by the server) against the
 * task's, computed here with Spring's {@link CronExpression} (the same 5 fields, with a seconds
 * field of 0 put in front).
 *
 * <p>When day-of-month and day-of-week are both restricted, cron implementations disagree (either
 * may match, or both must), so for such a cron only the time zone is compared; and a schedule that
 * reports no next times (paused) is compared on its zone only too.
 */
public final class ScheduleDrift {

  private static final int COMPARED_FIRINGS = 3;

  private ScheduleDrift() {}

  /** Compares a fresh {@code describe()}: its next times were computed by the server just now. */
  public static boolean differs(Task task, ScheduleDescription schedule, Instant now) {
    return differs(task, ObservedSchedule.of(schedule), now);
  }

  /**
   * Compares a listing entry. Its next times were computed when the schedule last updated its
   * visibility record (after a change or a firing), not now, so they are checked for being
   * consecutive firings of the task's cron starting at the first of them, rather than the next
   * firings after now.
   */
  public static boolean listedDiffers(Task task, ObservedSchedule listed) {
    List<Instant> times = listed.nextActionTimes();
    Instant after = times.isEmpty() ? Instant.now() : times.getFirst().minusSeconds(1);
    return differs(task, listed, after);
  }

  private static boolean differs(Task task, ObservedSchedule schedule, Instant after) {
    String cron = task.schedule().cron();
    String taskZone = task.schedule().timeZone();
    if (!taskZone.equals(schedule.timeZone())) {
      return true;
    }
    List<Instant> actual = schedule.nextActionTimes();
    if (actual.isEmpty() || ambiguousDays(cron)) {
      return false;
    }
    List<Instant> expected = nextFirings(cron, taskZone, after, COMPARED_FIRINGS);
    int n = Math.min(expected.size(), Math.min(actual.size(), COMPARED_FIRINGS));
    return !expected.subList(0, n).equals(actual.subList(0, n));
  }

  static List<Instant> nextFirings(String cron, String zone, Instant after, int count) {
    CronExpression expression = CronExpression.parse("0 " + cron.trim());
    ZonedDateTime at = after.atZone(ZoneId.of(zone));
    List<Instant> firings = new ArrayList<>();
    while (firings.size() < count) {
      at = expression.next(at);
      if (at == null) {
        break;
      }
      firings.add(at.toInstant());
    }
    return firings;
  }

  private static boolean ambiguousDays(String cron) {
    String[] fields = cron.trim().split("\\s+");
    return fields.length == 5 && !fields[2].equals("*") && !fields[4].equals("*");
  }
}
