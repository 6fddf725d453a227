package io.torale.localstack;

import java.nio.file.Path;
import java.util.List;

/**
 * One of Torale's services as the local system runs it: its own JVM from its own executable jar
 * (what the build puts in {@code <module>/target/torale-<module>.jar}), with its own HTTP port.
 *
 * @param name module name, e.g. {@code command-consumer}
 * @param jar the executable jar
 * @param httpPort {@code server.port}
 */
public record ServiceSpec(String name, Path jar, int httpPort) {

  /** The three services in start order. */
  public static final List<String> NAMES = List.of("command-consumer", "worker", "notifier");

  /** The services on the design's ports (8080, 8082, 8083), each overridable by environment. */
  public static List<ServiceSpec> defaults(Path repo) {
    return List.of(
        of(repo, "command-consumer", envPort("TORALE_COMMAND_CONSUMER_PORT", 8080)),
        of(repo, "worker", envPort("TORALE_WORKER_PORT", 8082)),
        of(repo, "notifier", envPort("TORALE_NOTIFIER_PORT", 8083)));
  }

  /** The services on free ports, for tests. */
  public static List<ServiceSpec> onFreePorts(Path repo) {
    return NAMES.stream().map(name -> of(repo, name, Ports.orFree(0))).toList();
  }

  public static ServiceSpec of(Path repo, String name, int port) {
    return new ServiceSpec(
        name, repo.resolve(name).resolve("target").resolve("torale-" + name + ".jar"), port);
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
