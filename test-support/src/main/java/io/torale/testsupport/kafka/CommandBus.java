package io.torale.testsupport.kafka;

import io.torale.schemas.RegistrySerdes;
import io.torale.schemas.Topics;
import io.torale.schemas.TrustedPackages;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.schemas.v1.CommandResult;
import io.torale.schemas.v1.TaskCommand;
import io.torale.testsupport.commands.Commands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka as another system sees Torale: it publishes commands keyed by task id (and, for tests of
 * poison records, raw bytes), and reads every outbound topic and the commands' dead letters from
 * the beginning.
 */
public final class CommandBus implements AutoCloseable {

  private static final Duration RESULT_WAIT = Duration.ofSeconds(60);

  private final KafkaProducer<String, Object> producer;
  private final KafkaProducer<String, byte[]> rawProducer;
  private final TopicReader<Object> outbound;
  private final TopicReader<byte[]> deadLetters;

  public CommandBus(String bootstrapServers, String registryUrl) {
    TrustedPackages.trust();
    Map<String, Object> config = new HashMap<>(RegistrySerdes.producer(registryUrl));
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true); // no duplicates on retried sends
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    producer = new KafkaProducer<>(config);
    rawProducer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
            new StringSerializer(),
            new ByteArraySerializer());
    outbound =
        TopicReader.avro(
            bootstrapServers,
            registryUrl,
            Topics.COMMAND_RESULTS,
            Topics.TASK_EXECUTIONS,
            Topics.CONDITION_MET,
            Topics.NOTIFICATION_DELIVERIES);
    deadLetters = TopicReader.raw(bootstrapServers, Topics.deadLetter(Topics.TASK_COMMANDS));
  }

  /** Publishes a command keyed by its task id and waits for the broker's ack. */
  public TaskCommand publish(TaskCommand command) {
    return publish(new ProducerRecord<>(Topics.TASK_COMMANDS, command.getTaskId(), command));
  }

  /** Publishes a command to {@code topic} (e.g. a producer's own command topic). */
  public TaskCommand publishTo(String topic, TaskCommand command) {
    return publish(new ProducerRecord<>(topic, command.getTaskId(), command));
  }

  /** Publishes with a W3C {@code traceparent} header, as a traced publisher would. */
  public TaskCommand publishTraced(TaskCommand command, String traceparent) {
    var record =
        new ProducerRecord<String, Object>(Topics.TASK_COMMANDS, command.getTaskId(), command);
    record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
    return publish(record);
  }

  /** Publishes without waiting for the broker (benchmarks); the producer keeps the order. */
  public TaskCommand publishAsync(TaskCommand command) {
    producer.send(new ProducerRecord<>(Topics.TASK_COMMANDS, command.getTaskId(), command));
    return command;
  }

  /** Publishes bytes that are no command at all. */
  public void publishRaw(String key, byte[] value) {
    try {
      rawProducer
          .send(new ProducerRecord<>(Topics.TASK_COMMANDS, key, value))
          .get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not publish raw bytes under " + key, e);
    }
  }

  private TaskCommand publish(ProducerRecord<String, Object> record) {
    TaskCommand command = (TaskCommand) record.value();
    try {
      producer.send(record).get(15, TimeUnit.SECONDS);
      return command;
    } catch (Exception e) {
      throw new IllegalStateException("could not publish " + command.getCommandId(), e);
    }
  }

  /** Publishes a command and waits for its result. */
  public CommandResult publishAndAwait(TaskCommand command) {
    return awaitResult(publish(command));
  }

  /** Publishes a command for the task and fails unless it was applied. */
  public CommandResult apply(String taskId, Object payload) {
    CommandResult result = publishAndAwait(Commands.envelope(taskId, payload));
    if (result.getOutcome() != CommandOutcome.APPLIED) {
      throw new AssertionError(
          "%s of %s was %s: %s"
              .formatted(
                  result.getCommandType(), taskId, result.getOutcome(), result.getReasons()));
    }
    return result;
  }

  /** The first result of a command (waiting up to a minute). */
  public CommandResult awaitResult(TaskCommand command) {
    return awaitResult(command, RESULT_WAIT);
  }

  public CommandResult awaitResult(TaskCommand command, Duration timeout) {
    return await(
        CommandResult.class, r -> r.getCommandId().equals(command.getCommandId()), timeout);
  }

  /** Every result seen so far for a command. */
  public List<CommandResult> resultsOf(TaskCommand command) {
    return all(CommandResult.class, r -> r.getCommandId().equals(command.getCommandId()));
  }

  /** The outbound records of a type read so far that match. */
  public <T> List<T> all(Class<T> type, Predicate<? super T> filter) {
    return outbound.all(type, filter);
  }

  /** Waits for the first outbound record of a type that matches. */
  public <T> T await(Class<T> type, Predicate<? super T> filter, Duration timeout) {
    return outbound.await(type, filter, timeout);
  }

  /** The commands' dead letters read so far. */
  public List<ConsumerRecord<String, byte[]>> deadLetters() {
    return deadLetters.records();
  }

  @Override
  public void close() {
    producer.close();
    rawProducer.close();
    outbound.close();
    deadLetters.close();
  }
}
