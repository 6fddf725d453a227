package io.torale.schemas;

import java.util.List;

/**
 * Names of Torale's Kafka topics. Every topic is keyed by the task id (a UUID string), so all
 * records of one task stay in order on one partition.
 */
public final class Topics {

  /**
   * In: {@code TaskCommand} from other systems, single-topic mode. Nothing authenticates who wrote
   * a record here, so it is for trusted producers only (see {@link #producerCommands}).
   */
  public static final String TASK_COMMANDS = "torale.task-commands.v1";

  /**
   * In: the command topics of individual producing systems, {@code
   * torale.task-commands.v1.<producer>}. With prefixed ACLs only that producer's principal may
   * write its topic, so the topic names, as the broker authenticated it, who sent a command; the
   * producer is the namespace of its tasks.
   */
  public static final String PRODUCER_COMMANDS_PREFIX = TASK_COMMANDS + ".";

  /**
   * The command-consumer's subscription: the single topic and every producer's topic, not their
   * dead-letter topics. Kafka matches it against whole topic names.
   */
  public static final String TASK_COMMANDS_PATTERN =
      "torale\\.task-commands\\.v1(\\.(?!.*-dlt$)[A-Za-z0-9_-]+)?";

  private static final java.util.regex.Pattern PRODUCER =
      java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,100}");

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

  /**
   * The command topic of producing system {@code producer} (letters, digits, {@code _}, {@code -}).
   */
  public static String producerCommands(String producer) {
    if (!PRODUCER.matcher(producer).matches() || producer.endsWith(DEAD_LETTER_SUFFIX)) {
      throw new IllegalArgumentException(
          "a producer name is 1-100 letters, digits, '_' or '-' and does not end in -dlt: "
              + producer);
    }
    return PRODUCER_COMMANDS_PREFIX + producer;
  }

  /** The dead-letter topic of {@code topic}. */
  public static String deadLetter(String topic) {
    return topic + DEAD_LETTER_SUFFIX;
  }

  /** The registry subject of a topic's values (topic-name strategy). */
  public static String valueSubject(String topic) {
    return topic + "-value";
  }
}
