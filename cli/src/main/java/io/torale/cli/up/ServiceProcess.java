package io.torale.cli.up;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A service started by {@code up} as a child JVM, logging to a file of its own. */
final class ServiceProcess implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final ServiceSpec spec;
  private final Path logFile;
  private final Process process;

  private ServiceProcess(ServiceSpec spec, Path logFile, Process process) {
    this.spec = spec;
    this.logFile = logFile;
    this.process = process;
  }

  static ServiceProcess start(ServiceSpec spec, Map<String, String> properties, Path logDir) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.torale.schemas");
    command.add("-jar");
    command.add(spec.jar().toString());
    command.add("--server.port=" + spec.httpPort());
    properties.forEach((key, value) -> command.add("--" + key + "=" + value));
    try {
      Files.createDirectories(logDir);
      Path log = logDir.resolve(spec.name() + ".log");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new ServiceProcess(spec, log, process);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + spec.name(), e);
    }
  }

  ServiceSpec spec() {
    return spec;
  }

  Path logFile() {
    return logFile;
  }

  /** Waits until the service's readiness probe answers UP; false when it died or timed out. */
  boolean awaitReady(Duration timeout) throws InterruptedException {
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

  boolean isAlive() {
    return process.isAlive();
  }

  /** Asks the service to stop (SIGTERM: Spring's graceful shutdown), then insists. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
