package io.torale.cli.up;

import io.torale.cli.LocalFiles;
import io.torale.cli.UserFacingException;
import io.torale.localstack.Balancer;
import io.torale.localstack.Component;
import io.torale.localstack.LocalStack;
import io.torale.localstack.LocalStackConfig;
import io.torale.localstack.ServiceProcess;
import io.torale.localstack.ServiceSpec;
import io.torale.schemas.secrets.SealingKeys;
import io.torale.schemas.secrets.StorageKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./torale up}: the local stack, then the three services each in its own JVM ({@code
 * --instances N}: N of each, on their own ports, command-consumer's behind a {@link Balancer}), a
 * readiness report once every instance is ready, and on Ctrl-C everything stopped in reverse order.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description =
        "Runs the whole system locally: Kafka, registry, Temporal (+UI), PostgreSQL, an SMTP catcher and the three services (--instances N: N of each).")
public final class UpCommand implements Runnable {

  @Option(names = "--wipe", description = "Delete the local data directory first (a fresh system).")
  boolean wipe;

  @Option(
      names = "--stack-only",
      description =
          "Start only the infrastructure, not the three services (e.g. to run a service from an IDE).")
  boolean stackOnly;

  @Option(
      names = "--ready-timeout",
      defaultValue = "120s",
      description = "How long a service may take to become ready (default ${DEFAULT-VALUE}).",
      converter = DurationConverter.class)
  Duration readyTimeout;

  @Option(
      names = "--instances",
      defaultValue = "1",
      description =
          "Instances of each service (default ${DEFAULT-VALUE}). Instance k of a service listens on"
              + " its port + 100 x (k - 1); with more than one, command-consumer's instances are"
              + " also behind one balancer address (TORALE_BALANCER_PORT, default 8070), which the"
              + " worker and the notifier use for the task API.")
  int instances;

  private final List<ServiceProcess> services = new ArrayList<>();
  private Balancer commandConsumers;
  private LocalStack stack;
  private MailView mailView;

  @Override
  public void run() {
    if (instances < 1) {
      throw new UserFacingException("--instances must be 1 or more, not " + instances);
    }
    long started = System.nanoTime();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopAll();
                  stopped.countDown();
                },
                "torale-up-shutdown"));
    Path repo = LocalStackConfig.repositoryRoot();
    // Our hook stops the services before the stack they use.
    stack =
        LocalStack.start(LocalStackConfig.fromEnvironment().toBuilder().wipe(wipe).build())
            .withoutShutdownHook();
    mailView = MailView.start(stack, mailUiPort());
    if (!stackOnly) {
      startServices(repo);
    }
    printReadiness(Duration.ofNanos(System.nanoTime() - started));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void startServices(Path repo) {
    Map<String, String> properties = new LinkedHashMap<>(stack.springProperties());
    String adminToken =
        new LocalSecret("TORALE_ADMIN_TOKEN", LocalFiles.adminTokenFile(), LocalSecret::randomHex)
            .resolve();
    properties.put("torale.admin.token", adminToken);
    properties.put(
        "torale.webhooks.default-secret",
        new LocalSecret(
                "TORALE_WEBHOOKS_DEFAULT_SECRET",
                LocalFiles.home().resolve("webhook-secret"),
                LocalSecret::randomWebhookSecret)
            .resolve());
    // Webhook secrets: producers seal them to the sealing key's public half, command-consumer
    // stores them under the storage key. Kept in .torale/ so stored secrets outlive a restart.
    properties.put(
        "torale.secrets.sealing-keys",
        new LocalSecret(
                "TORALE_SECRETS_SEALING_KEYS",
                LocalFiles.home().resolve("sealing-keys"),
                SealingKeys::generate)
            .resolve());
    properties.put(
        "torale.secrets.storage-keys",
        new LocalSecret(
                "TORALE_SECRETS_STORAGE_KEYS",
                LocalFiles.home().resolve("storage-keys"),
                StorageKeys::generate)
            .resolve());
    properties.put(
        "torale.temporal.ui-url", stack.temporalUiUrl() == null ? "" : stack.temporalUiUrl());
    // The notifier's idle look for retries that fell due (a new delivery wakes it at once): every
    // 5 s here, not every second, so a system at rest on a developer's machine is not woken, with
    // PostgreSQL, twice a second for nothing; a retry is at most 5 s late (the shortest retry delay
    // is 5 s). TORALE_DISPATCH_POLL_INTERVAL sets it.
    properties.put(
        "torale.dispatch.poll-interval",
        System.getenv().getOrDefault("TORALE_DISPATCH_POLL_INTERVAL", "5s"));
    Path logDir = LocalFiles.home().resolve("logs");
    List<ServiceSpec> specs = ServiceSpec.defaults(repo, instances);
    // The worker and the notifier read tasks through the command consumer's task API: with several
    // command consumers, through a balancer in front of them all, so any one of them may go.
    List<Integer> commandConsumerPorts =
        specs.stream()
            .filter(spec -> spec.name().equals("command-consumer"))
            .map(ServiceSpec::httpPort)
            .toList();
    if (instances > 1) {
      commandConsumers =
          Balancer.start(balancerPort(), commandConsumerPorts, "TORALE_BALANCER_PORT");
      properties.put("torale.task-api.url", commandConsumers.baseUrl());
      // Instances × listener threads ≤ partitions, or some instances would own no partition.
      int partitions =
          Integer.parseInt(stack.springProperties().getOrDefault("torale.topics.partitions", "3"));
      properties.put(
          "spring.kafka.listener.concurrency",
          Integer.toString(Math.max(1, partitions / instances)));
    } else if (!commandConsumerPorts.isEmpty()) {
      properties.put("torale.task-api.url", "http://localhost:" + commandConsumerPorts.getFirst());
    }
    // A secret: SPRING_APPLICATION_JSON in the services' environment, like every property.
    properties.put(
        "torale.task-api.token",
        new LocalSecret(
                "TORALE_TASK_API_TOKEN",
                LocalFiles.home().resolve("task-api-token"),
                LocalSecret::randomHex)
            .resolve());
    for (ServiceSpec spec : specs) {
      if (!Files.isDirectory(repo.resolve(spec.name()))) {
        continue; // a service this checkout does not have yet
      }
      if (!Files.exists(spec.jar())) {
        throw new UserFacingException(
            spec.jar()
                + " is missing: build first with ./torale build (./mvnw install -DskipTests)");
      }
      say(
          "starting "
              + spec.instanceName()
              + " on "
              + spec.baseUrl()
              + " (log: "
              + logDir.resolve(spec.instanceName() + ".log")
              + ")");
      // With the AOT cache: the second and later starts of a build are much quicker. Only the
      // first instance of a service uses it, so instances never extract the jar or record the
      // cache at the same time.
      services.add(ServiceProcess.start(spec, properties, logDir, spec.instance() == 1));
    }
    for (ServiceProcess service : services) {
      try {
        if (!service.awaitReady(readyTimeout)) {
          throw new UserFacingException(
              service.spec().instanceName()
                  + " did not become ready within "
                  + readyTimeout.toSeconds()
                  + " s. The end of its log ("
                  + service.logFile()
                  + "):\n"
                  + service.logTail(30));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      say(service.spec().instanceName() + " is ready");
    }
  }

  private void printReadiness(Duration took) {
    List<String[]> rows = new ArrayList<>();
    for (Component component : stack.components()) {
      rows.add(new String[] {component.name(), component.address()});
    }
    for (ServiceProcess service : services) {
      rows.add(
          new String[] {
            service.spec().instanceName(), service.spec().baseUrl() + " (health: /actuator/health)"
          });
    }
    if (commandConsumers != null) {
      rows.add(
          new String[] {
            "command-consumers",
            commandConsumers.baseUrl() + " (balancer in front of every instance; the task API)"
          });
    }
    rows.add(
        new String[] {"Mail (web)", "http://localhost:" + mailUiPort() + "/  (./torale mail)"});
    int width = rows.stream().mapToInt(row -> row[0].length()).max().orElse(10);
    StringBuilder table = new StringBuilder();
    table.append("\nTorale is ready in ").append(took.toMillis() / 1000.0).append(" s\n\n");
    for (String[] row : rows) {
      table
          .append("  ")
          .append(String.format("%-" + width + "s", row[0]))
          .append("  ")
          .append(row[1])
          .append('\n');
    }
    if (!services.isEmpty()) {
      table.append("\n  admin token:    in ").append(LocalFiles.adminTokenFile());
      table.append("\n  webhook secret: in ").append(LocalFiles.home().resolve("webhook-secret"));
      table.append(" (signs webhooks that have no secret of their own)\n");
    }
    table.append("\nPress Ctrl-C to stop everything.\n");
    System.out.println(table);
    System.out.flush();
  }

  private synchronized void stopAll() {
    for (int i = services.size() - 1; i >= 0; i--) {
      ServiceProcess service = services.get(i);
      say("stopping " + service.spec().instanceName());
      service.close();
    }
    services.clear();
    if (commandConsumers != null) {
      commandConsumers.close();
      commandConsumers = null;
    }
    if (mailView != null) {
      mailView.close();
      mailView = null;
    }
    if (stack != null) {
      say("stopping the local stack");
      stack.close();
      stack = null;
    }
    say("stopped");
  }

  private static int balancerPort() {
    String configured = System.getenv("TORALE_BALANCER_PORT");
    return configured == null || configured.isBlank() ? 8070 : Integer.parseInt(configured.strip());
  }

  private static int mailUiPort() {
    String configured = System.getenv("TORALE_MAIL_UI_PORT");
    return configured == null || configured.isBlank() ? 8025 : Integer.parseInt(configured);
  }

  private static void say(String message) {
    System.out.println("torale up: " + message);
    System.out.flush();
  }
}
