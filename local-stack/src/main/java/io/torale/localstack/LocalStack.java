package io.torale.localstack;

import io.torale.schemas.secrets.SealedSecrets;
import io.torale.schemas.secrets.SealingKeys;
import io.torale.schemas.secrets.StorageKeys;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real Torale infrastructure on one machine without Docker: a Kafka broker, the schema registry,
 * the Temporal dev server, PostgreSQL and a mail catcher. {@code ./torale up} runs it through
 * {@link LocalStackMain}; tests share one per JVM through {@link LocalStackExtension}.
 *
 * <p>{@link #start} checks every port first, then starts the components in parallel and returns
 * when all answer. {@link #close} (also run by a shutdown hook) stops all of them, child processes
 * included.
 */
public final class LocalStack implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

  private final LocalStackConfig config;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Keys of this stack's webhook secrets, made per stack (tests: per test JVM). {@code ./torale up}
   * replaces them with the ones kept in {@code .torale/}, so stored secrets outlive a restart.
   */
  private final String sealingKey = SealingKeys.generate();

  private final String storageKey = StorageKeys.generate();
  private final Thread shutdownHook = new Thread(this::close, "torale-local-stack-shutdown");
  private volatile KafkaBroker kafka;
  private volatile SchemaRegistry registry;
  private volatile TemporalDevServer temporal;
  private volatile Postgres postgres;
  private volatile MailCatcher mail;

  private LocalStack(LocalStackConfig config) {
    this.config = config;
  }

  /**
   * Starts every component and blocks until all are ready.
   *
   * @throws PortInUseException if a configured port is taken (nothing is started then)
   */
  public static LocalStack start(LocalStackConfig requested) {
    LocalStackConfig config = withPortsResolved(requested);
    checkPorts(requested, config);
    Logs.quietComponents();
    if (config.wipe()) {
      log.info("Wiping {}", config.dataDir());
      Files2.deleteRecursively(config.dataDir());
    }
    LocalStack stack = new LocalStack(config);
    Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
    long started = System.nanoTime();
    try {
      Files.createDirectories(config.dataDir());
      stack.startAll();
    } catch (Exception e) {
      stack.close();
      throw e instanceof RuntimeException r
          ? r
          : new IllegalStateException("local stack failed to start", e);
    }
    log.info("Local stack ready in {} (data in {})", seconds(started), config.dataDir());
    return stack;
  }

  private static LocalStackConfig withPortsResolved(LocalStackConfig c) {
    return c.toBuilder()
        .kafkaPort(Ports.orFree(c.kafkaPort()))
        .registryPort(Ports.orFree(c.registryPort()))
        .temporalPort(Ports.orFree(c.temporalPort()))
        .temporalUiPort(c.temporalUi() ? Ports.orFree(c.temporalUiPort()) : c.temporalUiPort())
        .postgresPort(Ports.orFree(c.postgresPort()))
        .smtpPort(Ports.orFree(c.smtpPort()))
        .imapPort(Ports.orFree(c.imapPort()))
        .build();
  }

  private static void checkPorts(LocalStackConfig requested, LocalStackConfig c) {
    record Check(String component, int requested, int port, String env) {}
    List<Check> checks = new ArrayList<>();
    checks.add(
        new Check("Kafka", requested.kafkaPort(), c.kafkaPort(), LocalStackConfig.Env.KAFKA_PORT));
    checks.add(
        new Check(
            "Schema registry",
            requested.registryPort(),
            c.registryPort(),
            LocalStackConfig.Env.REGISTRY_PORT));
    checks.add(
        new Check(
            "Temporal",
            requested.temporalPort(),
            c.temporalPort(),
            LocalStackConfig.Env.TEMPORAL_PORT));
    if (c.temporalUi()) {
      checks.add(
          new Check(
              "Temporal UI",
              requested.temporalUiPort(),
              c.temporalUiPort(),
              LocalStackConfig.Env.TEMPORAL_UI_PORT));
    }
    checks.add(
        new Check(
            "PostgreSQL",
            requested.postgresPort(),
            c.postgresPort(),
            LocalStackConfig.Env.POSTGRES_PORT));
    checks.add(
        new Check("SMTP", requested.smtpPort(), c.smtpPort(), LocalStackConfig.Env.SMTP_PORT));
    checks.add(
        new Check("IMAP", requested.imapPort(), c.imapPort(), LocalStackConfig.Env.IMAP_PORT));
    for (Check check : checks) {
      Ports.requireFree(check.component(), check.port(), check.env());
    }
  }

  private void startAll() throws Exception {
    Path data = config.dataDir();
    try (ExecutorService pool =
        Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().name("local-stack-start-", 0).factory())) {
      List<Future<?>> futures = new ArrayList<>();
      futures.add(
          pool.submit(
              timed(
                  "SMTP catcher",
                  () -> mail = MailCatcher.start(config.smtpPort(), config.imapPort()))));
      futures.add(
          pool.submit(
              timed(
                  "PostgreSQL",
                  () ->
                      postgres =
                          Postgres.start(config.postgresPort(), data, config.flywayLocations()))));
      futures.add(
          pool.submit(timed("Kafka", () -> kafka = KafkaBroker.start(config.kafkaPort(), data))));
      futures.add(
          pool.submit(
              timed(
                  "Schema registry",
                  () ->
                      registry =
                          SchemaRegistry.start(config.registryPort(), config.toolsDir(), data))));
      futures.add(
          pool.submit(
              timed(
                  "Temporal dev server",
                  () ->
                      temporal =
                          TemporalDevServer.start(
                              config.temporalBinary(),
                              config.toolsDir(),
                              config.temporalPort(),
                              config.temporalUiPort(),
                              config.temporalUi(),
                              data.resolve("temporal")))));
      Exception failure = null;
      for (Future<?> future : futures) {
        try {
          future.get();
        } catch (ExecutionException e) {
          Exception cause = e.getCause() instanceof Exception ex ? ex : e;
          if (failure == null) {
            failure = cause;
          } else {
            failure.addSuppressed(cause);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  private interface Start {
    void run() throws Exception;
  }

  private static Callable<Void> timed(String name, Start start) {
    return () -> {
      long begin = System.nanoTime();
      try {
        start.run();
      } catch (Exception e) {
        log.error("{} failed to start after {}: {}", name, seconds(begin), e.getMessage());
        throw e;
      }
      log.info("{} ready in {}", name, seconds(begin));
      return null;
    };
  }

  private static String seconds(long startNanos) {
    return String.format("%.1f s", (System.nanoTime() - startNanos) / 1e9);
  }

  public LocalStackConfig config() {
    return config;
  }

  /** Kafka's bootstrap servers, e.g. {@code localhost:9092}. */
  public String kafkaBootstrapServers() {
    return "localhost:" + config.kafkaPort();
  }

  /**
   * The registry's base URL, e.g. {@code http://localhost:8081}; the serde appends the API path
   * (see {@code io.torale.schemas.RegistrySerdes}).
   */
  public String registryUrl() {
    return "http://localhost:" + config.registryPort();
  }

  /** The Temporal frontend's gRPC target, e.g. {@code localhost:7233}. */
  public String temporalTarget() {
    return "localhost:" + config.temporalPort();
  }

  /** The Temporal Web UI, or {@code null} when it is off (tests). */
  public String temporalUiUrl() {
    return config.temporalUi() ? "http://localhost:" + config.temporalUiPort() : null;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + config.postgresPort() + "/" + LocalStackConfig.DB_NAME;
  }

  public String dbUser() {
    return LocalStackConfig.DB_USER;
  }

  public String dbPassword() {
    return LocalStackConfig.DB_PASSWORD;
  }

  public int smtpPort() {
    return config.smtpPort();
  }

  public int imapPort() {
    return config.imapPort();
  }

  public MailCatcher mail() {
    return mail;
  }

  /** Received mail; shorthand for {@code mail().receivedMessages()}. */
  public List<MimeMessage> receivedMessages() {
    return mail.receivedMessages();
  }

  /** The hosts the local system's services may reach although they are loopback. */
  public static final String LOCAL_HOSTS = "localhost,127.0.0.1";

  /** The public half of this stack's sealing key, which producers seal webhook secrets to. */
  public String sealingPublicKey() {
    return SealingKeys.publicKeyOf(sealingKey);
  }

  /** {@code secret} sealed to this stack's sealing key, as a command must carry it. */
  public String seal(String secret) {
    return SealedSecrets.seal(sealingPublicKey(), secret);
  }

  /** Connection settings for the services, as Spring Boot property names. */
  public Map<String, String> springProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers());
    p.put("torale.registry.url", registryUrl());
    p.put("torale.temporal.target", temporalTarget());
    p.put("torale.temporal.namespace", TemporalDevServer.NAMESPACE);
    p.put("spring.datasource.url", jdbcUrl());
    p.put("spring.datasource.username", dbUser());
    p.put("spring.datasource.password", dbPassword());
    p.put("spring.mail.host", "localhost");
    p.put("spring.mail.port", Integer.toString(smtpPort()));
    // The services' egress guards refuse loopback by default (production); the local system
    // monitors pages and delivers webhooks on this machine, so it (and only it) allow-lists it.
    p.put("torale.webpage.allowed-hosts", LOCAL_HOSTS);
    p.put("torale.webhooks.allowed-hosts", LOCAL_HOSTS);
    p.put("torale.commands.webhook-allowed-hosts", LOCAL_HOSTS);
    // Secrets, like every property, reach the services in their environment (ServiceProcess).
    p.put("torale.secrets.sealing-keys", sealingKey);
    p.put("torale.secrets.storage-keys", storageKey);
    return p;
  }

  /** What runs where, in start order, for the readiness table. */
  public List<Component> components() {
    List<Component> list = new ArrayList<>();
    list.add(new Component("Kafka", kafkaBootstrapServers()));
    list.add(
        new Component(
            "Schema registry",
            registryUrl() + " (Confluent API: " + registryUrl() + "/apis/ccompat/v7)"));
    list.add(
        new Component(
            "Temporal", temporalTarget() + " (namespace " + TemporalDevServer.NAMESPACE + ")"));
    if (temporalUiUrl() != null) {
      list.add(new Component("Temporal UI", temporalUiUrl()));
    }
    list.add(
        new Component(
            "PostgreSQL", jdbcUrl() + " (user " + dbUser() + ", password " + dbPassword() + ")"));
    list.add(
        new Component(
            "SMTP catcher",
            "localhost:" + smtpPort() + " (read over IMAP at localhost:" + imapPort() + ")"));
    return list;
  }

  /**
   * Leaves stopping to the caller, for owners that must stop other things first (services that use
   * the stack) from a shutdown hook of their own: the JVM runs hooks concurrently.
   */
  public LocalStack withoutShutdownHook() {
    Runtime.getRuntime().removeShutdownHook(shutdownHook);
    return this;
  }

  /** Stops the Temporal dev server (an outage); its state file is kept. */
  public void stopTemporal() {
    temporal.stop();
    log.info("Temporal dev server stopped");
  }

  /** Starts the Temporal dev server again on the same port with the same state. */
  public void startTemporal() {
    long begin = System.nanoTime();
    try {
      temporal.start();
    } catch (Exception e) {
      throw e instanceof RuntimeException r
          ? r
          : new IllegalStateException("Temporal dev server failed to start", e);
    }
    log.info("Temporal dev server ready again in {}", seconds(begin));
  }

  boolean isClosed() {
    return closed.get();
  }

  /** Stops everything this stack started. Safe to call more than once. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // already shutting down: this is the hook
    }
    long begin = System.nanoTime();
    try (ExecutorService pool =
        Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().name("local-stack-stop-", 0).factory())) {
      pool.submit(() -> stopQuietly("Temporal dev server", temporal));
      pool.submit(() -> stopQuietly("Schema registry", registry));
      pool.submit(() -> stopQuietly("Kafka", kafka));
      pool.submit(() -> stopQuietly("PostgreSQL", postgres));
      pool.submit(() -> stopQuietly("SMTP catcher", mail));
    }
    if (config.deleteDataDirOnClose()) {
      try {
        Files2.deleteRecursively(config.dataDir());
      } catch (RuntimeException e) {
        log.warn("Could not delete {}: {}", config.dataDir(), e.getMessage());
      }
    }
    log.info("Local stack stopped in {}", seconds(begin));
  }

  private static void stopQuietly(String name, AutoCloseable component) {
    if (component == null) {
      return;
    }
    try {
      component.close();
    } catch (Exception e) {
      log.warn("{} did not stop cleanly: {}", name, e.toString());
    }
  }

  /** Waits for mail; shorthand for {@code mail().waitForMessages(count, timeout)}. */
  public List<MimeMessage> waitForMessages(int count, Duration timeout) {
    return mail.waitForMessages(count, timeout);
  }
}
