package io.torale.e2e;

import io.torale.schemas.RegistrySerdes;
import io.torale.schemas.Topics;
import io.torale.schemas.TrustedPackages;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.schemas.v1.CommandResult;
import io.torale.schemas.v1.TaskCommand;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;

/**
 * Kafka as another system sees it: a plain producer of commands and a consumer that keeps every
 * record of Torale's outbound topics, from the beginning, for tests to wait on.
 */
final class Bus implements AutoCloseable {

  private final KafkaProducer<String, TaskCommand> producer;
  private final List<SpecificRecord> records = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile boolean running = true;

  Bus(String bootstrapServers, String registryUrl) {
    TrustedPackages.trust();
    Map<String, Object> producerConfig = new HashMap<>(RegistrySerdes.producer(registryUrl));
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producer = new KafkaProducer<>(producerConfig);

    Map<String, Object> consumerConfig = new HashMap<>(RegistrySerdes.consumer(registryUrl));
    consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID());
    consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerConfig.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000);
    reader = Thread.ofPlatform().daemon().name("e2e-bus").start(() -> read(consumerConfig));
  }

  private void read(Map<String, Object> config) {
    try (var consumer = new KafkaConsumer<String, SpecificRecord>(config)) {
      consumer.subscribe(
          List.of(
              Topics.COMMAND_RESULTS,
              Topics.TASK_EXECUTIONS,
              Topics.CONDITION_MET,
              Topics.NOTIFICATION_DELIVERIES));
      while (running) {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> records.add(record.value()));
      }
    }
  }

  void publish(TaskCommand command) {
    try {
      producer
          .send(new ProducerRecord<>(Topics.TASK_COMMANDS, command.getTaskId(), command))
          .get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not publish " + command.getCommandId(), e);
    }
  }

  /** Publishes a command and waits for its result. */
  CommandResult send(TaskCommand command) {
    publish(command);
    return await(
        CommandResult.class,
        r -> r.getCommandId().equals(command.getCommandId()),
        Duration.ofSeconds(60));
  }

  /** Publishes a command for the task and checks that it was applied. */
  void apply(String taskId, Object payload) {
    CommandResult result = send(Commands.envelope(taskId, payload));
    org.assertj.core.api.Assertions.assertThat(result.getOutcome())
        .as("%s: %s", result.getCommandType(), result.getReasons())
        .isEqualTo(CommandOutcome.APPLIED);
  }

  <T extends SpecificRecord> List<T> all(Class<T> type, Predicate<T> filter) {
    return records.stream().filter(type::isInstance).map(type::cast).filter(filter).toList();
  }

  /** Waits for the first record of a type that matches. */
  <T extends SpecificRecord> T await(Class<T> type, Predicate<T> filter, Duration timeout) {
    return Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> all(type, filter), list -> !list.isEmpty())
        .getFirst();
  }

  @Override
  public void close() {
    running = false;
    producer.close();
  }
}
