package io.torale.commandconsumer.schedule;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How task schedules are built ({@code torale.schedules.*}).
 *
 * @param catchupWindow how late a missed run may still start (after a Temporal outage); Temporal's
 *     minimum is 10 s. Short, so an outage does not release a burst of stale runs.
 * @param runNowWait how long a RunTaskNow waits for an open run of its task to end before it is
 *     refused naming that run (a run stays open for a moment after its TaskExecuted is published)
 */
@Validated
@ConfigurationProperties("torale.schedules")
public record ScheduleProperties(
    @DefaultValue("1m") Duration catchupWindow, @DefaultValue("5s") Duration runNowWait) {

  public ScheduleProperties {
    if (catchupWindow.compareTo(Duration.ofSeconds(10)) < 0) {
      throw new IllegalArgumentException(
          "torale.schedules.catchup-window must be at least 10s (Temporal's minimum), got "
              + catchupWindow);
    }
  }
}
