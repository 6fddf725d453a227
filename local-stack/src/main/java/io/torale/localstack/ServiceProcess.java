package io.torale.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A service running as a child JVM from its executable jar, as in production, logging to a file of
 * its own. Used by {@code ./torale up} and by the end-to-end tests. Like the stack's other children
 * it has a watchdog, so it ends with the JVM that started it even on {@code kill -9}.
 */
public final class ServiceProcess implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final ServiceSpec spec;
  private final ChildProcess process;
  private final boolean recordsAotCache;

  private ServiceProcess(ServiceSpec spec, ChildProcess process, boolean recordsAotCache) {
    this.spec = spec;
    this.process = process;
    this.recordsAotCache = recordsAotCache;
  }

  /**
   * Starts the service with the given Spring properties. They travel in the child's environment as
   * {@code SPRING_APPLICATION_JSON}, never on its command line: any local user can read a process's
   * arguments ({@code ps}, {@code /proc/PID/cmdline}), while its environment is readable only by
   * its owner, and the properties include secrets (admin token, database password, default webhook
   * secret). Spring gives that variable precedence over {@code application.yml}.
   */
  public static ServiceProcess start(
      ServiceSpec spec, Map<String, String> properties, Path logDir) {
    return start(spec, properties, logDir, false);
  }

  /**
   * As {@link #start(ServiceSpec, Map, Path)}; with {@code aotCache} the service runs from its
   * extracted jar with JDK 25's AOT cache ({@link AotCache}): {@code ./torale up} uses it, tests
   * (which run a fresh copy of each jar) do not.
   */
  public static ServiceProcess start(
      ServiceSpec spec, Map<String, String> properties, Path logDir, boolean aotCache) {
    Path log = logDir.resolve(spec.instanceName() + ".log");
    List<String> command = command(spec, aotCache);
    return new ServiceProcess(
        spec,
        ChildProcess.start(
            spec.instanceName(),
            command,
            environment(spec, properties),
            Path.of("").toAbsolutePath(),
            log),
        command.stream().anyMatch(option -> option.startsWith("-XX:AOTCacheOutput=")));
  }

  /** The command line: the JVM, its flags and the jar; nothing configurable, nothing secret. */
  static List<String> command(ServiceSpec spec) {
    return command(spec, false);
  }

  static List<String> command(ServiceSpec spec, boolean aotCache) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(LOCAL_JVM_OPTIONS);
    // grpc-netty and Kafka use Unsafe and native access: quiet the JDK 25 warnings about it.
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("--sun-misc-unsafe-memory-access=allow");
    command.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.torale.schemas");
    if (aotCache) {
      command.addAll(AotCache.optionsAndJar(java, spec.jar()));
    } else {
      command.add("-jar");
      command.add(spec.jar().toString());
    }
    return command;
  }

  /**
   * JVM options of a service on a developer's machine, where the whole system shares a few cores
   * and some GB with everything else (the production choices are in docker/service.Dockerfile; both
   * are explained in the README's "JVM settings"). C1 only ({@code -XX:TieredStopAtLevel=1}):
   * measured with full tiered JIT (CostBenchmark), C2's compiles during the first bursts cost more
   * CPU per check than its code saved, and start-up took more CPU. Serial GC: heaps of a few
   * hundred MB, one GC thread instead of G1's workers and refinement threads, the smallest
   * footprint; pauses stay in milliseconds. A small initial heap ({@code -Xms64m}) that grows on
   * demand: the initial heap defaults to 1/64 of the machine's memory, which committed the whole
   * capped heap at start. A cap ({@code -Xmx384m}), so five JVMs do not each size themselves to a
   * quarter of the machine. A heap that gives back what it does not use: after a full collection
   * the old generation keeps 10–30 % free ({@code -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30},
   * the JVM's defaults are 40–70 %), so the heap at rest is close to what is live (measured at
   * rest: about 35 MB live in 58 MB committed per service). Compact object headers (JDK 25): a
   * smaller heap for the same objects. {@code -XX:TrimNativeHeapInterval}: once a minute the JVM
   * hands back to the system the C heap freed since (start-up's compiler and class loading leave
   * tens of MB of freed but resident malloc memory behind); one short call a minute.
   */
  static final List<String> LOCAL_JVM_OPTIONS =
      List.of(
          "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC",
          "-Xms32m",
          "-Xmx384m",
          "-XX:MinHeapFreeRatio=10",
          "-XX:MaxHeapFreeRatio=30",
          "-XX:+UseCompactObjectHeaders",
          "-XX:TrimNativeHeapInterval=60000");

  /**
   * The variables added to the child's environment: the properties below, as one JSON, and {@link
   * LocalMemory#ENVIRONMENT}.
   */
  static Map<String, String> environment(ServiceSpec spec, Map<String, String> properties) {
    Map<String, String> environment = new LinkedHashMap<>(LocalMemory.ENVIRONMENT);
    environment.put(
        "SPRING_APPLICATION_JSON", Json.object(environmentProperties(spec, properties)));
    return environment;
  }

  /**
   * Every property, and what makes this instance itself among several of the same service on one
   * machine: its port, its {@code TORALE_INSTANCE_ID} (stable across its restarts, distinct among
   * instances: it names command-consumer's Kafka transactional ids, so a restarted instance fences
   * its crashed self and two instances never fence each other) and its Kafka consumers' client id
   * (so the consumer group's description shows which instance owns which partitions).
   */
  static Map<String, String> environmentProperties(
      ServiceSpec spec, Map<String, String> properties) {
    Map<String, String> all = new LinkedHashMap<>(properties);
    all.put("server.port", Integer.toString(spec.httpPort()));
    all.put("TORALE_INSTANCE_ID", spec.instanceName());
    all.put("spring.kafka.consumer.client-id", "torale-" + spec.instanceName());
    return all;
  }

  public ServiceSpec spec() {
    return spec;
  }

  /** The operating-system process id, e.g. for tests that read {@code /proc/PID/cmdline}. */
  public long pid() {
    return process.pid();
  }

  public Path logFile() {
    return process.logFile();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The last lines of the service's log, for error messages. */
  public String logTail(int lines) {
    return process.logTail(lines);
  }

  /** Waits until the readiness probe answers 200; false when the service died or timed out. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    var request =
        HttpRequest.newBuilder(URI.create(spec.baseUrl() + "/actuator/health/readiness"))
            .timeout(Duration.ofSeconds(2))
            .build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return false;
      }
      try {
        if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return true;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    return false;
  }

  /**
   * SIGTERM (Spring's graceful shutdown), then SIGKILL after 30 s; after 3 min when the JVM records
   * an AOT cache, which it writes after its shutdown (over 30 s on a loaded machine).
   */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.stop(recordsAotCache ? 180 : 30);
    }
  }

  /** Ends the service at once, as a crash would (SIGKILL), for recovery tests. */
  public void kill() {
    process.kill();
  }
}
