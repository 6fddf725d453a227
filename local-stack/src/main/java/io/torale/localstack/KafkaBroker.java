package io.torale.localstack;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node KRaft Kafka broker (broker and controller in one) running inside this JVM.
 *
 * <p>Its log directory is formatted on first use and kept afterwards, so topics survive a restart
 * of {@code ./torale up}. Everything the broker keeps in internal topics is replicated once.
 */
final class KafkaBroker implements AutoCloseable {

  /** Stands for the controller listener's port in broker property overrides. */
  static final String CONTROLLER_PORT = "{controllerPort}";

  private final int port;
  private final KafkaRaftServer server;

  private KafkaBroker(int port, KafkaRaftServer server) {
    this.port = port;
    this.server = server;
  }

  static KafkaBroker start(int port, Path dataDir) throws Exception {
    return start(port, dataDir, Map.of(), Map.of());
  }

  /**
   * Starts the broker; {@code overrides} replace or add broker properties (e.g. a SASL listener and
   * an authorizer), {@code probeConfig} is what the readiness probe's client needs to connect.
   */
  static KafkaBroker start(
      int port, Path dataDir, Map<String, String> overrides, Map<String, Object> probeConfig)
      throws Exception {
    Path logDir = dataDir.resolve("kafka");
    Files.createDirectories(logDir);
    int controllerPort = Ports.orFree(0);
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
    props.put(
        "listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", logDir.toString());
    props.put("num.partitions", "3");
    props.put("auto.create.topics.enable", "true");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "3");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "3");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("share.coordinator.state.topic.num.partitions", "3");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
    props.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
    props.put("num.network.threads", "2");
    props.put("num.io.threads", "2");
    // The broker's scheduler (log retention and flush checks, checkpoints): 10 threads by default,
    // idle nearly always on one node.
    props.put("background.threads", "2");
    // The controller appends a no-op record to the metadata log this often when nothing changes,
    // so that brokers following the log see it advance. Here the one broker is the controller
    // itself: Kafka's 500 ms default woke the controller, the Raft log and the metadata publisher
    // twice a second for nothing.
    props.put("metadata.max.idle.interval.ms", "5000");
    // An override may name the controller's port, which is chosen here.
    overrides.forEach(
        (key, value) ->
            props.put(key, value.replace(CONTROLLER_PORT, Integer.toString(controllerPort))));

    if (!Files.exists(logDir.resolve("meta.properties"))) {
      format(logDir);
    }

    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    server.startup();
    KafkaBroker broker = new KafkaBroker(port, server);
    try {
      broker.awaitServing(probeConfig);
    } catch (Exception e) {
      broker.close();
      throw e;
    }
    return broker;
  }

  /** Formats a fresh log directory for a new single-node cluster (once per data directory). */
  private static void format(Path logDir) throws Exception {
    new Formatter()
        .setNodeId(1)
        .setClusterId(Uuid.randomUuid().toString())
        .setDirectories(List.of(logDir.toString()))
        .setReleaseVersion(MetadataVersion.latestProduction())
        .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
        .setControllerListenerName("CONTROLLER")
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .run();
  }

  /** Waits until a client sees the broker in the cluster metadata. */
  private void awaitServing(Map<String, Object> probeConfig) throws Exception {
    Map<String, Object> config = new java.util.HashMap<>(probeConfig);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "torale-local-stack-probe");
    try (Admin admin = Admin.create(config)) {
      admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
    }
  }

  String bootstrapServers() {
    return "localhost:" + port;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
