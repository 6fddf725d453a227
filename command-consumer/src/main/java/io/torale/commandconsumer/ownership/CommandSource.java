package io.torale.commandconsumer.ownership;

import io.torale.schemas.Topics;

/**
 * Who sent a command, as the broker knows it: the topic a record was read from. A producer's own
 * topic ({@code torale.task-commands.v1.<producer>}) is writable only by that producer's principal
 * (prefixed ACLs), so it names an authenticated producer; the single topic names nobody.
 */
public sealed interface CommandSource {

  /** A command from producing system {@code name}, read from its own topic. */
  record Producer(String name) implements CommandSource {}

  /** A command from the single topic: any client allowed to write it (trusted producers only). */
  record SharedTopic() implements CommandSource {}

  static CommandSource ofTopic(String topic) {
    if (topic.startsWith(Topics.PRODUCER_COMMANDS_PREFIX)) {
      return new Producer(topic.substring(Topics.PRODUCER_COMMANDS_PREFIX.length()));
    }
    if (topic.equals(Topics.TASK_COMMANDS)) {
      return new SharedTopic();
    }
    throw new IllegalArgumentException("not a command topic: " + topic);
  }
}
