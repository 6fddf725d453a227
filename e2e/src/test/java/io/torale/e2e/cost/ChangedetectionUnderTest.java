package io.torale.e2e.cost;

import io.torale.localstack.LocalStackConfig;
import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The peer: changedetection.io, pinned, installed from PyPI into {@code .tools/changedetection} by
 * {@code scripts/install-changedetection.sh}; one Python process bound to 127.0.0.1 with its
 * default 5 fetch workers and the plain requests fetcher (no browser). {@code
 * ALLOW_IANA_RESTRICTED_ADDRESSES=true} lets it fetch and notify loopback; {@code
 * DISABLE_VERSION_CHECK=true} keeps it offline. Driven through its REST API with the API key its
 * datastore holds. Each watch: "Status: red" as trigger text, a JSON-POST notification (Apprise
 * {@code json://}) to the receiver. The first watch comes from the command line ({@code -u}), so a
 * fresh datastore does not add its two default watches of internet sites; the rest via the API.
 */
final class ChangedetectionUnderTest implements SystemUnderTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final PagesAndHooks web;
  private final Path workDir;
  private final List<String> uuids = new ArrayList<>();
  private Process process;
  private ProcessTree tree;
  private int port;
  private String apiKey;

  ChangedetectionUnderTest(PagesAndHooks web, Path workDir) {
    this.web = web;
    this.workDir = workDir;
  }

  @Override
  public String name() {
    return "changedetection";
  }

  @Override
  public String description() {
    return "changedetection.io " + version() + " (one Python process, 5 fetch workers, requests)";
  }

  private static String version() {
    return System.getenv().getOrDefault("CHANGEDETECTION_VERSION", "0.60.10");
  }

  private String exe;

  /** Installs (or finds) the pinned version, outside the measured start-up. */
  @Override
  public void prepare() throws Exception {
    Path repo = LocalStackConfig.repositoryRoot();
    Process install =
        new ProcessBuilder(repo.resolve("scripts/install-changedetection.sh").toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    exe = new String(install.getInputStream().readAllBytes()).strip();
    if (install.waitFor() != 0) {
      throw new IllegalStateException("scripts/install-changedetection.sh failed");
    }
  }

  @Override
  public void start() throws Exception {
    Files2.deleteTree(workDir);
    Path datastore = Files.createDirectories(workDir.resolve("datastore"));
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String firstWatch = JSON.writeValueAsString(watch(0));
    ProcessBuilder builder =
        new ProcessBuilder(
                exe,
                "-d",
                datastore.toString(),
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-l",
                System.getProperty("bench.peer-log-level", "WARNING"),
                "-u",
                web.pageUrl(0),
                "-u0",
                firstWatch)
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve("changedetection.log").toFile());
    builder.environment().put("ALLOW_IANA_RESTRICTED_ADDRESSES", "true");
    builder.environment().put("DISABLE_VERSION_CHECK", "true");
    process = builder.start();
    tree = new ProcessTree(process::pid);
    apiKey = awaitApiKey(datastore.resolve("changedetection.json"));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "changedetection.io exited; see " + workDir.resolve("changedetection.log"));
      }
      try {
        if (get("/api/v1/systeminfo").statusCode() == 200) {
          break;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("changedetection.io did not answer in 2 min");
      }
      Thread.sleep(20);
    }
  }

  /** The API key a fresh datastore generates (what its settings page shows a user). */
  private String awaitApiKey(Path settings) throws Exception {
    Pattern key = Pattern.compile("\"api_access_token\"\\s*:\\s*\"([0-9a-f]+)\"");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      if (Files.exists(settings)) {
        Matcher m = key.matcher(Files.readString(settings));
        if (m.find()) {
          return m.group(1);
        }
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("no API key in " + settings);
  }

  private Map<String, Object> watch(int i) {
    return Map.of(
        "url",
        web.pageUrl(i),
        "title",
        "Cost benchmark page " + i,
        "fetch_backend",
        "html_requests",
        "trigger_text",
        List.of("Status: red"),
        "notification_urls",
        List.of(web.appriseHookUrl(name(), i)));
  }

  @Override
  public ProcessTree processes() {
    return tree;
  }

  @Override
  public void createWatches(int n) throws Exception {
    uuids.clear();
    JsonNode listed = JSON.readTree(get("/api/v1/watch").body());
    uuids.add(listed.propertyNames().iterator().next()); // the watch of page 0, from -u
    for (int i = 1; i < n; i++) {
      HttpResponse<String> created =
          send(
              HttpRequest.newBuilder(api("/api/v1/watch"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(watch(i)))));
      if (created.statusCode() != 201) {
        throw new IllegalStateException(
            "watch not created: HTTP " + created.statusCode() + " " + created.body());
      }
      uuids.add(JSON.readTree(created.body()).get("uuid").asString());
    }
    // A new watch is checked at once (its first check keeps the page as the reference, no
    // notification); wait until every first check has ended, so the bursts that follow see a
    // change. Not on last_checked: the worker sets it when a check starts, before the fetch. A
    // watch whose first check was still running missed the change twice: recheck_all skips watches
    // queued or running, and a fetch after the page changed took the changed page as reference.
    // check_count is written when a check ends, after its snapshot is saved.
    List<String> pending = new ArrayList<>(uuids);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (true) {
      pending.removeIf(this::checkedOnce);
      if (pending.isEmpty()
          && JSON.readTree(get("/api/v1/systeminfo").body()).path("queue_size").asInt(-1) == 0) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(pending.size() + " watches' first check never ended");
      }
      Thread.sleep(100);
    }
  }

  private boolean checkedOnce(String uuid) {
    try {
      JsonNode watch = JSON.readTree(get("/api/v1/watch/" + uuid).body());
      return watch.path("check_count").asInt(0) >= 1 && watch.path("history_n").asInt(0) >= 1;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void triggerAll(int n) throws Exception {
    // 200, or 202 when it queues 20 or more in the background.
    HttpResponse<String> response = get("/api/v1/watch?recheck_all=1");
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException("recheck_all: HTTP " + response.statusCode());
    }
  }

  @Override
  public void trigger(int i) throws Exception {
    HttpResponse<String> response = get("/api/v1/watch/" + uuids.get(i) + "?recheck=1");
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException("recheck: HTTP " + response.statusCode());
    }
  }

  /** A check is over once its notification is sent: nothing of it runs after the webhook. */
  @Override
  public void awaitSettled(Duration timeout) {}

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(api(path)).GET());
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return HTTP.send(
        request.header("x-api-key", apiKey).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI api(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  @Override
  public void close() {
    if (process == null) {
      return;
    }
    var pids = tree.pids();
    process.destroy();
    try {
      if (!process.waitFor(1, TimeUnit.MINUTES)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  /** Deleting the previous run's datastore: a fresh one every run. */
  private static final class Files2 {
    static void deleteTree(Path dir) throws IOException {
      if (!Files.exists(dir)) {
        return;
      }
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
