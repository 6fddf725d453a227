package io.torale.schemas;

import java.util.List;

/**
 * Names of Torale's Kafka topics. Every topic is keyed by the task id (a UUID string), so all
 * records of one task stay in order on one partition.
 */
public final class Topics {

  /** In: {@code TaskCommand} from other systems. */
  public static final String TASK_COMMANDS = "torale.task-commands.v1";

  /** Out: one {@code CommandResult} per command. */
  public static final String COMMAND_RESULTS = "torale.command-results.v1";

  /** Out: one {@code TaskExecuted} per run, succeeded, skipped or failed. */
  public static final String TASK_EXECUTIONS = "torale.task-executions.v1";

  /** Out: {@code ConditionMet}, the events the notifier fans out. */
  public static final String CONDITION_MET = "torale.condition-met.v1";

  /** Out: one {@code NotificationDelivery} per delivery attempt. */
  public static final String NOTIFICATION_DELIVERIES = "torale.notification-deliveries.v1";

  /** Suffix of a dead-letter topic: records that could not be read at all land there. */
  public static final String DEAD_LETTER_SUFFIX = "-dlt";

  /** All topics above, in pipeline order. */
  public static final List<String> ALL =
      List.of(
          TASK_COMMANDS, COMMAND_RESULTS, TASK_EXECUTIONS, CONDITION_MET, NOTIFICATION_DELIVERIES);

  private Topics() {}

  /** The dead-letter topic of {@code topic}. */
  public static String deadLetter(String topic) {
    return topic + DEAD_LETTER_SUFFIX;
  }

  /** The registry subject of a topic's values (topic-name strategy). */
  public static String valueSubject(String topic) {
    return topic + "-value";
  }
}
