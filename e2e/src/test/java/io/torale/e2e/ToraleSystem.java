package io.torale.e2e;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.torale.localstack.Balancer;
import io.torale.localstack.LocalStack;
import io.torale.localstack.LocalStackConfig;
import io.torale.localstack.ServiceProcess;
import io.torale.localstack.ServiceSpec;
import io.torale.testsupport.kafka.CommandBus;
import io.torale.testsupport.page.PageServer;
import io.torale.testsupport.webhook.WebhookReceiver;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The whole system as production runs it, once per test JVM: the local stack on free ports and the
 * three services, each in its own JVM from its executable jar, wired only by configuration. Stopped
 * services before the stack, at JVM exit.
 */
final class ToraleSystem {

  static final String ADMIN_TOKEN = "e2e-admin-token";
  static final String TASK_API_TOKEN = "e2e-task-api-token";

  static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  // Generous: on the shared 2-core machine at a load average of 25 a service took 180 s to start.
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

  private static ToraleSystem instance;

  private final LocalStack stack;
  private final int instances;
  // Keyed by instance name: "notifier" (the first or only instance), "notifier-2", ...
  private final Map<String, ServiceSpec> specs = new LinkedHashMap<>();
  private final Map<String, ServiceProcess> running = new ConcurrentHashMap<>();
  private final Path logDir;
  private final Map<String, String> extraProperties;
  private CommandBus bus;
  private WorkflowServiceStubs temporal;
  private PageServer page;
  private WebhookReceiver webhooks;
  private Balancer commandConsumers;

  private ToraleSystem(
      LocalStack stack, int instances, Path logDir, Map<String, String> extraProperties) {
    this.stack = stack;
    this.instances = instances;
    this.logDir = logDir;
    this.extraProperties = Map.copyOf(extraProperties);
  }

  static ToraleSystem get() {
    return get(Map.of());
  }

  /**
   * The system, its services started with these properties on top of the usual ones (e.g. a local
   * Gemini for the latency benchmark). The first caller starts it; a later caller whose properties
   * the running services lack is refused rather than silently given a system without them.
   */
  static synchronized ToraleSystem get(Map<String, String> extraProperties) {
    return get(1, extraProperties);
  }

  /**
   * The system with {@code instances} of each service (as {@code ./torale up --instances N} runs
   * it): the first instance of a service is named like the service ({@code notifier}), the others
   * {@code notifier-2}, …; the worker and the notifier reach command-consumer's task API through a
   * {@link Balancer} in front of all its instances, and each instance has one Kafka listener thread
   * (three partitions per topic), so every instance owns partitions.
   */
  static synchronized ToraleSystem get(int instances, Map<String, String> extraProperties) {
    if (instance != null
        && (instance.instances != instances
            || !instance.extraProperties.entrySet().containsAll(extraProperties.entrySet()))) {
      throw new IllegalStateException(
          "the system is already running with %d instances each, without %s"
              .formatted(instance.instances, extraProperties.keySet()));
    }
    if (instance == null) {
      LocalStack stack = LocalStack.start(LocalStackConfig.forTests()).withoutShutdownHook();
      Path repo = LocalStackConfig.repositoryRoot();
      var system =
          new ToraleSystem(
              stack,
              instances,
              repo.resolve("e2e").resolve("target").resolve("service-logs"),
              extraProperties);
      Runtime.getRuntime().addShutdownHook(new Thread(system::stopAll, "torale-e2e-shutdown"));
      for (ServiceSpec spec : ServiceSpec.onFreePorts(repo, instances)) {
        if (!Files.exists(spec.jar())) {
          throw new IllegalStateException(
              spec.jar() + " is missing: build the services first (./mvnw -B install -DskipTests)");
        }
        system.specs.put(spec.instanceName(), privateCopy(spec, repo));
      }
      if (instances > 1) {
        system.commandConsumers =
            Balancer.start(
                0,
                system.specs.values().stream()
                    .filter(spec -> spec.name().equals("command-consumer"))
                    .map(ServiceSpec::httpPort)
                    .toList(),
                "-");
      }
      // Instance by instance: six JVMs starting at once on a loaded 2-core machine took longer
      // than the ready timeout; three at a time did not.
      for (int k = 1; k <= instances; k++) {
        int wave = k;
        List<String> names =
            system.specs.values().stream()
                .filter(spec -> spec.instance() == wave)
                .map(ServiceSpec::instanceName)
                .toList();
        names.forEach(system::startService);
        names.forEach(system::awaitReady);
      }
      instance = system;
    }
    return instance;
  }

  /**
   * Runs a copy of the jar: a rebuild during the run would otherwise pull classes out from under
   * the running service.
   */
  private static ServiceSpec privateCopy(ServiceSpec spec, Path repo) {
    try {
      Path dir =
          Files.createDirectories(repo.resolve("e2e").resolve("target").resolve("service-jars"));
      Path copy = dir.resolve(spec.jar().getFileName());
      Files.copy(spec.jar(), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return new ServiceSpec(spec.name(), copy, spec.httpPort(), spec.instance());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  LocalStack stack() {
    return stack;
  }

  /** The mail the SMTP catcher received for {@code address} so far. */
  List<MimeMessage> mailTo(String address) {
    return stack.receivedMessages().stream()
        .filter(
            message -> {
              try {
                return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                    .anyMatch(to -> to.toString().contains(address));
              } catch (Exception e) {
                return false;
              }
            })
        .toList();
  }

  /** Kafka as another system sees this one: one bus for every test class of the JVM. */
  synchronized CommandBus bus() {
    if (bus == null) {
      bus = new CommandBus(stack.kafkaBootstrapServers(), stack.registryUrl());
    }
    return bus;
  }

  /** The page the tests' web-page tasks watch ({@code #status} says "Status: open"). */
  synchronized PageServer page() {
    if (page == null) {
      page = new PageServer("Shop status", "Status: open");
    }
    return page;
  }

  /** The receiver of the tests' webhooks; it verifies them with {@link #WEBHOOK_SECRET}. */
  synchronized WebhookReceiver webhooks() {
    if (webhooks == null) {
      webhooks = new WebhookReceiver(WEBHOOK_SECRET);
    }
    return webhooks;
  }

  ScheduleClient schedules() {
    return ScheduleClient.newInstance(
        temporal(), ScheduleClientOptions.newBuilder().setNamespace("default").build());
  }

  WorkflowClient workflows() {
    return WorkflowClient.newInstance(
        temporal(), WorkflowClientOptions.newBuilder().setNamespace("default").build());
  }

  /** A connection to the system's Temporal server, for clients of its namespace {@code default}. */
  synchronized WorkflowServiceStubs temporal() {
    if (temporal == null) {
      temporal =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(stack.temporalTarget()).build());
    }
    return temporal;
  }

  /**
   * The running service's process, e.g. to read its command line; {@code name} is an instance name
   * ({@code notifier} is the first instance, {@code notifier-2} the second).
   */
  ServiceProcess process(String name) {
    return running.get(name);
  }

  /** The instance names of a service's instances that run now. */
  List<String> running(String service) {
    return specs.values().stream()
        .filter(spec -> spec.name().equals(service) && running.containsKey(spec.instanceName()))
        .map(ServiceSpec::instanceName)
        .toList();
  }

  /** command-consumer's admin and task API: behind the balancer when there are several. */
  String adminUrl() {
    return commandConsumers != null
        ? commandConsumers.baseUrl()
        : specs.get("command-consumer").baseUrl();
  }

  String serviceUrl(String name) {
    return specs.get(name).baseUrl();
  }

  /** Starts a service (again) and waits until it is ready. */
  void start(String name) {
    startService(name);
    awaitReady(name);
  }

  /**
   * Replaces a running service with one whose {@code torale.crash.point} is armed: it halts ({@code
   * Runtime.halt(137)}) when it reaches that point. Returns once the armed one is ready.
   */
  void armCrashPoint(String name, String crashPoint) {
    kill(name);
    running.put(
        name,
        ServiceProcess.start(
            specs.get(name), properties(Map.of("torale.crash.point", crashPoint)), logDir));
    awaitReady(name);
  }

  /**
   * Waits until the armed service halted by itself, then starts it again unarmed and waits until it
   * is ready. Returns the end of the crashed process's log (which names the crash point).
   */
  String awaitCrashAndRestart(String name, Duration timeout) {
    ServiceProcess crashed = running.get(name);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (crashed.isAlive()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " did not reach its crash point in " + timeout);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    String tail = crashed.logTail(30);
    running.remove(name);
    start(name);
    return tail;
  }

  /**
   * Starts a service (again) with these properties on top of the system's, and waits until it is
   * ready; a later {@link #start(String)} starts it with the system's properties only.
   */
  void start(String name, Map<String, String> moreProperties) {
    running.put(name, ServiceProcess.start(specs.get(name), properties(moreProperties), logDir));
    awaitReady(name);
  }

  /** Ends a service as a crash would: no graceful shutdown. */
  void kill(String name) {
    ServiceProcess process = running.remove(name);
    if (process != null) {
      process.kill();
    }
  }

  private void startService(String name) {
    running.put(name, ServiceProcess.start(specs.get(name), properties(Map.of()), logDir));
  }

  private void awaitReady(String name) {
    ServiceProcess process = running.get(name);
    try {
      if (!process.awaitReady(READY_TIMEOUT)) {
        throw new IllegalStateException(
            name
                + " did not become ready; the end of "
                + process.logFile()
                + ":\n"
                + process.logTail(40));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Map<String, String> properties(Map<String, String> more) {
    Map<String, String> properties = new LinkedHashMap<>(stack.springProperties());
    properties.put("torale.admin.token", ADMIN_TOKEN);
    // The worker and the notifier read (and complete) tasks through command-consumer's task API.
    properties.put("torale.task-api.url", adminUrl());
    properties.put("torale.task-api.token", TASK_API_TOKEN);
    properties.put("torale.webhooks.default-secret", WEBHOOK_SECRET);
    // Retries in seconds rather than hours, so a test sees a retried delivery.
    properties.put("torale.webhooks.retry-schedule", "0s,2s,4s,8s");
    properties.put("logging.level.root", "INFO");
    // A claim of a crashed notifier is given up after 20 s (2 min by default), so the crash tests
    // see the attempt made again; still longer than any attempt (webhook timeout 15 s, and emails
    // cut off after 15 s: the notifier refuses to start with a lease shorter than an attempt).
    properties.put("torale.dispatch.lease", "20s");
    properties.put("torale.email.attempt-timeout", "15s");
    if (instances > 1) {
      // Instances × listener threads ≤ partitions (3), or some instances would own none.
      properties.put("spring.kafka.listener.concurrency", "1");
    }
    properties.putAll(extraProperties);
    properties.putAll(more);
    return properties;
  }

  private synchronized void stopAll() {
    if (bus != null) {
      bus.close();
    }
    if (temporal != null) {
      temporal.shutdown();
    }
    if (page != null) {
      page.close();
    }
    if (webhooks != null) {
      webhooks.close();
    }
    List.copyOf(running.keySet()).reversed().forEach(name -> running.remove(name).close());
    if (commandConsumers != null) {
      commandConsumers.close();
    }
    stack.close();
  }
}
