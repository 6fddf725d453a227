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

  public static boolean differs(Task task, ScheduleDescription schedule, Instant now) {
    String zone = schedule.getSchedule().getSpec().getTimeZoneName();
    String cron = task.schedule().cron();
    String taskZone = task.schedule().timeZone();
    if (!taskZone.equals(zone == null || zone.isEmpty() ? "UTC" : zone)) {
      return true;
    }
    List<Instant> actual = schedule.getInfo().getNextActionTimes();
    if (actual.isEmpty() || ambiguousDays(cron)) {
      return false;
    }
    List<Instant> expected = nextFirings(cron, taskZone, now, COMPARED_FIRINGS);
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
