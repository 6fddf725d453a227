package io.torale.e2e;

import io.torale.schemas.RegistrySerdes;
import io.torale.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Command results and condition-met events as another system reads them ({@code read_committed},
 * from the beginning), with partition, record timestamp and arrival time, which {@code CommandBus}
 * does not keep.
 */
final class Arrivals implements AutoCloseable {

  /** A record as read, with when this reader saw it. */
  record Arrival(String topic, int partition, Instant timestamp, Instant arrived, Object value) {}

  private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
  private final Thread poller;
  private volatile boolean running = true;

  Arrivals(String bootstrap, String registryUrl) {
    Map<String, Object> config = new HashMap<>(RegistrySerdes.consumer(registryUrl));
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "scale-out-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    poller =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try (var consumer = new KafkaConsumer<String, Object>(config)) {
                    consumer.subscribe(List.of(Topics.COMMAND_RESULTS, Topics.CONDITION_MET));
                    while (running) {
                      for (var r : consumer.poll(Duration.ofMillis(100))) {
                        arrivals.add(
                            new Arrival(
                                r.topic(),
                                r.partition(),
                                Instant.ofEpochMilli(r.timestamp()),
                                Instant.now(),
                                r.value()));
                      }
                    }
                  }
                });
  }

  List<Arrival> of(String topic) {
    return arrivals.stream().filter(a -> a.topic().equals(topic)).toList();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    poller.join(5_000);
  }
}
