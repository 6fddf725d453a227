package io.torale.testsupport.kafka;

import io.torale.schemas.RegistrySerdes;
import io.torale.schemas.TrustedPackages;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/**
 * Reads topics from the beginning, as another system would, on a background thread that keeps every
 * record for tests to look at and wait on. Its consumer group is its own (a fresh id), and it reads
 * {@code read_committed}, as the topics' contract asks of consumers: aborted records are never
 * seen.
 *
 * @param <V> the value type: {@link #avro} decodes with the schema registry, {@link #raw} keeps
 *     bytes (for dead-letter topics)
 */
public final class TopicReader<V> implements AutoCloseable {

  private final List<ConsumerRecord<String, V>> records = new CopyOnWriteArrayList<>();
  private final Thread poller;
  private volatile boolean running = true;

  private TopicReader(String bootstrapServers, Map<String, Object> config, List<String> topics) {
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // Topics a service declares after this reader started are found within a second.
    config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000);
    poller =
        Thread.ofPlatform()
            .daemon()
            .name("test-reader-" + String.join(",", topics))
            .start(() -> poll(config, topics));
  }

  /** Avro values, decoded with the registry at {@code registryUrl}. */
  public static TopicReader<Object> avro(
      String bootstrapServers, String registryUrl, String... topics) {
    TrustedPackages.trust();
    return new TopicReader<>(
        bootstrapServers, new HashMap<>(RegistrySerdes.consumer(registryUrl)), List.of(topics));
  }

  /** Values as the bytes on the topic. */
  public static TopicReader<byte[]> raw(String bootstrapServers, String... topics) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return new TopicReader<>(bootstrapServers, config, List.of(topics));
  }

  private void poll(Map<String, Object> config, List<String> topics) {
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(topics);
      while (running) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
  }

  /** Every record read so far. */
  public List<ConsumerRecord<String, V>> records() {
    return List.copyOf(records);
  }

  /** The values of a type read so far that match {@code filter}, in the order read. */
  public <T> List<T> all(Class<T> type, Predicate<? super T> filter) {
    return records.stream()
        .map(ConsumerRecord::value)
        .filter(type::isInstance)
        .map(type::cast)
        .filter(filter)
        .toList();
  }

  /** The values of a type read so far under record key {@code key}. */
  public <T> List<T> withKey(String key, Class<T> type) {
    return records.stream()
        .filter(record -> key.equals(record.key()))
        .map(ConsumerRecord::value)
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }

  /** Waits for the first value of a type that matches. */
  public <T> T await(Class<T> type, Predicate<? super T> filter, Duration timeout) {
    return Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> all(type, filter), found -> !found.isEmpty())
        .getFirst();
  }

  /** Waits for the records that match to be at least one, and returns them all. */
  public List<ConsumerRecord<String, V>> awaitRecords(
      Predicate<ConsumerRecord<String, V>> filter, Duration timeout) {
    return Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> records.stream().filter(filter).toList(), found -> !found.isEmpty());
  }

  /** The last value of header {@code name} on a record of a type under {@code key}, or null. */
  public String lastHeader(String key, Class<?> type, String name) {
    String value = null;
    for (ConsumerRecord<String, V> record : records) {
      Header header = record.headers().lastHeader(name);
      if (key.equals(record.key()) && type.isInstance(record.value()) && header != null) {
        value = new String(header.value(), StandardCharsets.UTF_8);
      }
    }
    return value;
  }

  @Override
  public void close() {
    running = false;
    try {
      poller.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
