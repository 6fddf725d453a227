package io.torale.platform.task;

/**
 * When a task runs: a 5-field cron expression read in an IANA time zone.
 *
 * @param cron minute hour day-of-month month day-of-week
 * @param timeZone an IANA zone id such as {@code Europe/Berlin}; {@link #DEFAULT_TIME_ZONE} when a
 *     command names none
 */
public record TaskSchedule(String cron, String timeZone) {

  public static final String DEFAULT_TIME_ZONE = "UTC";

  /** The cron in the default time zone. */
  public static TaskSchedule utc(String cron) {
    return new TaskSchedule(cron, DEFAULT_TIME_ZONE);
  }
}
