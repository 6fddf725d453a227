package io.torale.commandconsumer.support;

import static org.awaitility.Awaitility.await;

import io.torale.schemas.RegistrySerdes;
import io.torale.schemas.Topics;
import io.torale.schemas.TrustedPackages;
import io.torale.schemas.v1.CommandResult;
import io.torale.schemas.v1.TaskCommand;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What another system sees: it publishes commands (and, for tests, raw bytes) and reads results and
 * dead letters. One per test JVM; a background thread collects results by command id.
 */
public final class CommandBus {

  private static CommandBus instance;

  private final KafkaProducer<String, Object> producer;
  private final KafkaProducer<String, byte[]> rawProducer;
  private final Map<String, List<CommandResult>> results = new ConcurrentHashMap<>();
  private final List<ConsumerRecord<String, byte[]>> deadLetters = new CopyOnWriteArrayList<>();

  private CommandBus(String bootstrap, String registryUrl) {
    TrustedPackages.trust();
    Map<String, Object> producerConfig =
        new java.util.HashMap<>(RegistrySerdes.producer(registryUrl));
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    this.producer = new KafkaProducer<>(producerConfig);
    this.rawProducer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            new StringSerializer(),
            new ByteArraySerializer());
    Map<String, Object> consumerConfig =
        new java.util.HashMap<>(RegistrySerdes.consumer(registryUrl));
    consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "test-results-" + UUID.randomUUID());
    consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // As the contract asks of result consumers: aborted results are never seen.
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Thread.ofPlatform()
        .daemon()
        .name("test-results")
        .start(
            () -> {
              try (KafkaConsumer<String, CommandResult> consumer =
                  new KafkaConsumer<>(consumerConfig)) {
                consumer.subscribe(List.of(Topics.COMMAND_RESULTS));
                while (true) {
                  for (var record : consumer.poll(Duration.ofMillis(200))) {
                    results
                        .computeIfAbsent(
                            record.value().getCommandId(), id -> new CopyOnWriteArrayList<>())
                        .add(record.value());
                  }
                }
              }
            });
    Thread.ofPlatform()
        .daemon()
        .name("test-dlt")
        .start(
            () -> {
              try (KafkaConsumer<String, byte[]> consumer =
                  new KafkaConsumer<>(
                      Map.of(
                          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                          bootstrap,
                          ConsumerConfig.GROUP_ID_CONFIG,
                          "test-dlt-" + UUID.randomUUID(),
                          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                          "earliest",
                          ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                          "read_committed"),
                      new StringDeserializer(),
                      new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(Topics.deadLetter(Topics.TASK_COMMANDS)));
                while (true) {
                  consumer.poll(Duration.ofMillis(200)).forEach(deadLetters::add);
                }
              }
            });
  }

  public static synchronized CommandBus get() {
    if (instance == null) {
      var stack = io.torale.localstack.LocalStackExtension.stack();
      instance = new CommandBus(stack.kafkaBootstrapServers(), stack.registryUrl());
    }
    return instance;
  }

  public TaskCommand send(TaskCommand command) {
    try {
      producer
          .send(new ProducerRecord<>(Topics.TASK_COMMANDS, command.getTaskId(), command))
          .get(10, TimeUnit.SECONDS);
      return command;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends with a W3C {@code traceparent} header, as a traced publisher would. */
  public TaskCommand sendTraced(TaskCommand command, String traceparent) {
    var record =
        new ProducerRecord<String, Object>(Topics.TASK_COMMANDS, command.getTaskId(), command);
    record
        .headers()
        .add("traceparent", traceparent.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    try {
      producer.send(record).get(10, TimeUnit.SECONDS);
      return command;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends without waiting for the broker (for the benchmark); the producer flushes in order. */
  public TaskCommand sendAsync(TaskCommand command) {
    producer.send(new ProducerRecord<>(Topics.TASK_COMMANDS, command.getTaskId(), command));
    return command;
  }

  public void sendRaw(String key, byte[] value) {
    try {
      rawProducer
          .send(new ProducerRecord<>(Topics.TASK_COMMANDS, key, value))
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits for the first result of a command. */
  public CommandResult awaitResult(TaskCommand command) {
    return awaitResult(command, Duration.ofSeconds(60));
  }

  public CommandResult awaitResult(TaskCommand command, Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> results.containsKey(command.getCommandId()));
    return results.get(command.getCommandId()).getFirst();
  }

  /** Every result seen so far for a command. */
  public List<CommandResult> resultsOf(TaskCommand command) {
    return List.copyOf(results.getOrDefault(command.getCommandId(), List.of()));
  }

  public List<ConsumerRecord<String, byte[]>> deadLetters() {
    return List.copyOf(deadLetters);
  }
}
