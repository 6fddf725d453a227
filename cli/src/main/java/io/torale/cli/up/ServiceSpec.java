package io.torale.cli.up;

import java.nio.file.Path;
import java.util.List;

/**
 * One of Torale's services as {@code up} runs it: its own JVM from its own executable jar, with its
 * own HTTP port.
 *
 * @param name module name, e.g. {@code command-consumer}
 * @param jar the executable jar the build produces
 * @param httpPort {@code server.port}
 * @param portEnv the environment variable that overrides the port
 */
record ServiceSpec(String name, Path jar, int httpPort, String portEnv) {

  static List<ServiceSpec> all(Path repo) {
    return List.of(
        spec(repo, "command-consumer", 8080, "TORALE_COMMAND_CONSUMER_PORT"),
        spec(repo, "worker", 8082, "TORALE_WORKER_PORT"),
        spec(repo, "notifier", 8083, "TORALE_NOTIFIER_PORT"));
  }

  private static ServiceSpec spec(Path repo, String name, int defaultPort, String portEnv) {
    String configured = System.getenv(portEnv);
    int port =
        configured == null || configured.isBlank() ? defaultPort : Integer.parseInt(configured);
    return new ServiceSpec(
        name,
        repo.resolve(name).resolve("target").resolve("torale-" + name + ".jar"),
        port,
        portEnv);
  }

  String baseUrl() {
    return "http://localhost:" + httpPort;
  }
}
