package io.torale.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Apicurio Registry server (in-memory storage), run from its Maven Central distribution {@code
 * io.apicurio:apicurio-registry-app:<version>:tar.gz:all} as a child JVM.
 *
 * <p>The tarball comes from the local Maven repository when present, else it is downloaded once
 * from Maven Central into the tools directory; either way it is unpacked once into {@code
 * <tools>/apicurio-registry-<version>}.
 */
final class SchemaRegistry implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SchemaRegistry.class);
  private static final String MAVEN_CENTRAL = "https://repo.maven.apache.org/maven2";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private final int port;
  private final ChildProcess process;

  private SchemaRegistry(int port, ChildProcess process) {
    this.port = port;
    this.process = process;
  }

  static SchemaRegistry start(int port, Path toolsDir, Path dataDir) throws Exception {
    Path home = install(toolsDir, LocalStackConfig.pinnedVersion("apicurio-registry-app.version"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            // A small initial heap that grows on demand: the default (1/64 of the machine's
            // memory) committed the whole capped heap at start.
            "-Xms32m",
            // An in-memory registry of a few schemas: about 30 MB live at rest.
            "-Xmx256m",
            // After a full collection keep 10-30 % of the old generation free, not 40-70 %.
            "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30",
            "-XX:TrimNativeHeapInterval=60000",
            // A registry does little work: quick start beats peak throughput on two cores.
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Dquarkus.http.port=" + port,
            "-Dquarkus.http.host=localhost",
            // Health and metrics live on a management port, 0.0.0.0:9000 unless moved: two stacks
            // (or anything else on 9000) would collide. It is fixed at build time, so move it.
            "-Dquarkus.management.host=localhost",
            "-Dquarkus.management.port=" + Ports.orFree(0),
            // The ids the Confluent-compatible API serves are content ids, the ids our serde
            // writes.
            "-Dapicurio.ccompat.legacy-id-mode.enabled=false",
            "-Dquarkus.log.level=WARN",
            "-Dquarkus.log.category.\"io.apicurio\".level=WARN",
            "-jar",
            home.resolve("quarkus-run.jar").toString());
    ChildProcess process =
        ChildProcess.start(
            "Schema registry",
            command,
            LocalMemory.ENVIRONMENT,
            home,
            dataDir.resolve("logs/registry.log"));
    SchemaRegistry registry = new SchemaRegistry(port, process);
    try {
      registry.awaitReady();
      registry.setDefaultCompatibility();
    } catch (Exception e) {
      registry.close();
      throw e;
    }
    return registry;
  }

  String url() {
    return "http://localhost:" + port;
  }

  private void awaitReady() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest info =
        HttpRequest.newBuilder(URI.create(url() + "/apis/registry/v3/system/info"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Schema registry exited while starting; log "
                + process.logFile()
                + ":\n"
                + process.logTail(30));
      }
      try {
        if (http.send(info, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "Schema registry not ready after "
            + READY_TIMEOUT.toSeconds()
            + " s; log "
            + process.logFile()
            + ":\n"
            + process.logTail(30));
  }

  /**
   * Confluent-protocol clients expect a compatibility level, and Apicurio's default is none: make
   * BACKWARD the global rule (what Confluent's registry defaults to).
   */
  private void setDefaultCompatibility() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest rule =
        HttpRequest.newBuilder(URI.create(url() + "/apis/registry/v3/admin/rules"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"ruleType\":\"COMPATIBILITY\",\"config\":\"BACKWARD\"}"))
            .build();
    int status = http.send(rule, HttpResponse.BodyHandlers.discarding()).statusCode();
    if (status >= 300 && status != 409) {
      log.warn("Schema registry refused the global compatibility rule: HTTP {}", status);
    }
  }

  /** Returns the unpacked distribution's directory, downloading and unpacking it if needed. */
  static Path install(Path toolsDir, String version) throws Exception {
    Path home = toolsDir.resolve("apicurio-registry-" + version);
    if (Files.isRegularFile(home.resolve("quarkus-run.jar"))) {
      return home;
    }
    Path tarball = tarball(toolsDir, version);
    Files.createDirectories(toolsDir);
    Path unpacking = Files.createTempDirectory(toolsDir, "apicurio-unpacking-");
    try {
      Process tar =
          new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", unpacking.toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(tar.getInputStream().readAllBytes());
      if (tar.waitFor() != 0) {
        throw new IllegalStateException("cannot unpack " + tarball + ": " + output);
      }
      Path root = findQuarkusRunJar(unpacking).getParent();
      try {
        // Another JVM may have finished first; then its copy is as good as ours.
        Files.move(root, home, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        if (!Files.isRegularFile(home.resolve("quarkus-run.jar"))) {
          throw e;
        }
      }
    } finally {
      Files2.deleteRecursively(unpacking);
    }
    return home;
  }

  private static Path findQuarkusRunJar(Path dir) throws IOException {
    try (Stream<Path> files =
        Files.find(dir, 3, (p, a) -> p.getFileName().toString().equals("quarkus-run.jar"))) {
      return files
          .findFirst()
          .orElseThrow(
              () -> new IllegalStateException("no quarkus-run.jar in the registry distribution"));
    }
  }

  private static Path tarball(Path toolsDir, String version) throws Exception {
    String file = "apicurio-registry-app-" + version + "-all.tar.gz";
    String relative = "io/apicurio/apicurio-registry-app/" + version + "/" + file;
    Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository").resolve(relative);
    if (Files.isRegularFile(m2)) {
      return m2;
    }
    Path cached = toolsDir.resolve("downloads").resolve(file);
    if (Files.isRegularFile(cached)) {
      return cached;
    }
    Files.createDirectories(cached.getParent());
    String url = MAVEN_CENTRAL + "/" + relative;
    log.info("Downloading the schema registry distribution (about 160 MB) from {}", url);
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    String expectedSha1 =
        http.send(
                HttpRequest.newBuilder(URI.create(url + ".sha1")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body()
            .trim()
            .split("\\s+")[0];
    HttpResponse<InputStream> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("cannot download " + url + ": HTTP " + response.statusCode());
    }
    long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    Path part = Files.createTempFile(cached.getParent(), file, ".part");
    MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
    try (InputStream in = response.body();
        var out = Files.newOutputStream(part)) {
      byte[] buffer = new byte[1 << 16];
      long done = 0;
      long nextReport = 0;
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
        sha1.update(buffer, 0, n);
        done += n;
        if (done >= nextReport) {
          log.info(
              "  schema registry download: {} MB{}",
              done >> 20,
              total > 0 ? " of " + (total >> 20) + " MB" : "");
          nextReport += 32L << 20;
        }
      }
    }
    String actual = HexFormat.of().formatHex(sha1.digest());
    if (!actual.equalsIgnoreCase(expectedSha1)) {
      Files.deleteIfExists(part);
      throw new IllegalStateException(
          "checksum mismatch for " + url + ": " + actual + " != " + expectedSha1);
    }
    Files.move(part, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return cached;
  }

  @Override
  public void close() {
    process.stop(15);
  }
}
