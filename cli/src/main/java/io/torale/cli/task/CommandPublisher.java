package io.torale.cli.task;

import io.torale.cli.UserFacingException;
import io.torale.schemas.RegistrySerdes;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.CommandResult;
import io.torale.schemas.v1.TaskCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Publishes one {@link TaskCommand} the way any other system would (key = task id, Avro through the
 * registry) and waits for its {@link CommandResult}.
 */
final class CommandPublisher implements AutoCloseable {

  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);

  private final String bootstrapServers;
  private final String registryUrl;

  CommandPublisher(String bootstrapServers, String registryUrl) {
    this.bootstrapServers = bootstrapServers;
    this.registryUrl = registryUrl;
  }

  /** Publishes the command; with a wait, returns its result (empty when none came in time). */
  Optional<CommandResult> publish(TaskCommand command, Duration wait) {
    checkBroker();
    try (KafkaConsumer<String, CommandResult> results = resultsFromNow()) {
      send(command);
      return wait.isZero() ? Optional.empty() : awaitResult(results, command.getCommandId(), wait);
    }
  }

  static TaskCommand envelope(String taskId, String issuedBy, Object payload) {
    return TaskCommand.newBuilder()
        .setCommandId(UUID.randomUUID().toString())
        .setTaskId(taskId)
        .setIssuedAt(Instant.now())
        .setIssuedBy(issuedBy)
        .setCommand(payload)
        .build();
  }

  private void send(TaskCommand command) {
    Map<String, Object> config = new HashMap<>(RegistrySerdes.producer(registryUrl));
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // Idempotent and acks=all: a retried send neither duplicates nor reorders the command.
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    try (var producer = new KafkaProducer<String, TaskCommand>(config)) {
      producer
          .send(new ProducerRecord<>(Topics.TASK_COMMANDS, command.getTaskId(), command))
          .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new UserFacingException(
          "could not publish to "
              + Topics.TASK_COMMANDS
              + ": "
              + e.getCause().getMessage()
              + " (is the schema registry at "
              + registryUrl
              + " up? start the system with ./torale up)",
          e);
    } catch (TimeoutException e) {
      throw new UserFacingException(
          "publishing timed out: is Kafka at " + bootstrapServers + " up?");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserFacingException("interrupted");
    } catch (org.apache.kafka.common.KafkaException e) {
      throw new UserFacingException(
          "could not publish: " + e.getMessage() + " (registry " + registryUrl + ")", e);
    }
  }

  private KafkaConsumer<String, CommandResult> resultsFromNow() {
    Map<String, Object> config = new HashMap<>(RegistrySerdes.consumer(registryUrl));
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Results are written in Kafka transactions: show only committed ones (one per command).
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    var consumer = new KafkaConsumer<String, CommandResult>(config);
    List<TopicPartition> partitions =
        consumer.partitionsFor(Topics.COMMAND_RESULTS, Duration.ofSeconds(10)).stream()
            .map(info -> new TopicPartition(info.topic(), info.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // resolve "end" now, before the command is sent
    return consumer;
  }

  private static Optional<CommandResult> awaitResult(
      KafkaConsumer<String, CommandResult> results, String commandId, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      for (var record : results.poll(Duration.ofMillis(250))) {
        if (record.value() != null && commandId.equals(record.value().getCommandId())) {
          return Optional.of(record.value());
        }
      }
    }
    return Optional.empty();
  }

  private void checkBroker() {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000))) {
      admin.describeCluster().clusterId().get(6, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new UserFacingException(
          "Kafka is not reachable at "
              + bootstrapServers
              + ": start the system with ./torale up, or pass --bootstrap-servers");
    }
  }

  @Override
  public void close() {}
}
