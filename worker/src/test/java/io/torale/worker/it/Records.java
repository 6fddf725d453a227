package io.torale.worker.it;

import io.torale.schemas.RegistrySerdes;
import io.torale.schemas.Topics;
import io.torale.schemas.TrustedPackages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Reads the worker's output topics from the beginning, as another system would. */
final class Records implements AutoCloseable {

  private final KafkaConsumer<String, Object> consumer;
  private final List<ConsumerRecord<String, Object>> seen = new CopyOnWriteArrayList<>();

  Records(String bootstrapServers, String registryUrl) {
    TrustedPackages.trust();
    Map<String, Object> config = new java.util.HashMap<>(RegistrySerdes.consumer(registryUrl));
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "worker-it-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer = new KafkaConsumer<>(config);
    consumer.subscribe(List.of(Topics.TASK_EXECUTIONS, Topics.CONDITION_MET));
  }

  /** Every value read so far for {@code taskId} of the given type, polling for more first. */
  synchronized <T> List<T> of(Class<T> type, String taskId) {
    consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
    List<T> matching = new ArrayList<>();
    for (ConsumerRecord<String, Object> record : seen) {
      if (taskId.equals(record.key()) && type.isInstance(record.value())) {
        matching.add(type.cast(record.value()));
      }
    }
    return matching;
  }

  /**
   * The last value of header {@code name} on a record of {@code type} for {@code taskId}, or null.
   */
  synchronized String header(Class<?> type, String taskId, String name) {
    of(type, taskId);
    String value = null;
    for (ConsumerRecord<String, Object> record : seen) {
      var header = record.headers().lastHeader(name);
      if (taskId.equals(record.key()) && type.isInstance(record.value()) && header != null) {
        value = new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    return value;
  }

  @Override
  public synchronized void close() {
    consumer.close();
  }
}
