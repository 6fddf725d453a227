package io.torale.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One instance of one of Torale's services as the local system runs it: its own JVM from its own
 * executable jar (what the build puts in {@code <module>/target/torale-<module>.jar}), with its own
 * HTTP port.
 *
 * @param name module name, e.g. {@code command-consumer}
 * @param jar the executable jar
 * @param httpPort {@code server.port}
 * @param instance which instance of the service this is, from 1
 */
public record ServiceSpec(String name, Path jar, int httpPort, int instance) {

  /** The three services in start order. */
  public static final List<String> NAMES = List.of("command-consumer", "worker", "notifier");

  /**
   * How far apart the ports of one service's instances are: instance k listens on the service's
   * port + {@value} × (k − 1), e.g. command-consumer on 8080, 8180, 8280.
   */
  public static final int INSTANCE_PORT_STEP = 100;

  public ServiceSpec {
    if (instance < 1) {
      throw new IllegalArgumentException("instances are numbered from 1, not " + instance);
    }
  }

  /** The first (or only) instance. */
  public ServiceSpec(String name, Path jar, int httpPort) {
    this(name, jar, httpPort, 1);
  }

  /** The services on the design's ports (8080, 8082, 8083), each overridable by environment. */
  public static List<ServiceSpec> defaults(Path repo) {
    return defaults(repo, 1);
  }

  /**
   * {@code instances} of each service, in start order (every service's first instance, then every
   * service's second, …); instance k of a service on its port + {@link #INSTANCE_PORT_STEP} × (k −
   * 1).
   */
  public static List<ServiceSpec> defaults(Path repo, int instances) {
    List<ServiceSpec> first =
        List.of(
            of(repo, "command-consumer", envPort("TORALE_COMMAND_CONSUMER_PORT", 8080)),
            of(repo, "worker", envPort("TORALE_WORKER_PORT", 8082)),
            of(repo, "notifier", envPort("TORALE_NOTIFIER_PORT", 8083)));
    List<ServiceSpec> all = new ArrayList<>();
    for (int k = 1; k <= instances; k++) {
      for (ServiceSpec spec : first) {
        all.add(spec.asInstance(k, spec.httpPort() + INSTANCE_PORT_STEP * (k - 1)));
      }
    }
    return all;
  }

  /** The services on free ports, for tests. */
  public static List<ServiceSpec> onFreePorts(Path repo) {
    return onFreePorts(repo, 1);
  }

  /** {@code instances} of each service on free ports, in the order of {@link #defaults}. */
  public static List<ServiceSpec> onFreePorts(Path repo, int instances) {
    List<ServiceSpec> all = new ArrayList<>();
    for (int k = 1; k <= instances; k++) {
      for (String name : NAMES) {
        int port = Ports.orFree(0);
        all.add(of(repo, name, port).asInstance(k, port));
      }
    }
    return all;
  }

  public static ServiceSpec of(Path repo, String name, int port) {
    return new ServiceSpec(
        name, repo.resolve(name).resolve("target").resolve("torale-" + name + ".jar"), port);
  }

  /** The same service as instance {@code k} on {@code port}. */
  public ServiceSpec asInstance(int k, int port) {
    return new ServiceSpec(name, jar, port, k);
  }

  /**
   * This instance's name: the service's name for the first instance ({@code notifier}), with the
   * instance number after it for the others ({@code notifier-2}). It names the log file, the Kafka
   * transactional ids ({@code TORALE_INSTANCE_ID}) and the Kafka consumers' client ids.
   */
  public String instanceName() {
    return instance == 1 ? name : name + "-" + instance;
  }

  public String baseUrl() {
    return "http://localhost:" + httpPort;
  }

  private static int envPort(String variable, int fallback) {
    String configured = System.getenv(variable);
    return configured == null || configured.isBlank()
        ? fallback
        : Integer.parseInt(configured.strip());
  }
}
