package io.torale.notifier;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * A local webhook receiver on 127.0.0.1 that verifies every request's signature with the Standard
 * Webhooks library. Each path answers with a programmable status per request number.
 */
public final class Receiver implements AutoCloseable {

  /** One request received; {@code nanos} is {@link System#nanoTime()} on arrival. */
  public record Request(
      String path, String id, String body, boolean verified, long nanos, String traceparent) {}

  private final HttpServer server;
  private final String secret;
  private final Map<String, IntFunction<Integer>> answers = new ConcurrentHashMap<>();
  private final Map<String, Long> delays = new ConcurrentHashMap<>();
  private final Map<String, Supplier<String>> retryAfters = new ConcurrentHashMap<>();
  private final Map<String, Integer> counts = new ConcurrentHashMap<>();
  public final List<Request> requests = new CopyOnWriteArrayList<>();
  public final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();

  public Receiver(String secret) throws IOException {
    this.secret = secret;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  public String url(String path) {
    return "http://localhost:" + server.getAddress().getPort() + path;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code answer} maps the 1-based request number on {@code path} to a status. */
  public Receiver answer(String path, IntFunction<Integer> answer) {
    answers.put(path, answer);
    return this;
  }

  public Receiver delay(String path, long millis) {
    delays.put(path, millis);
    return this;
  }

  /** The {@code Retry-After} sent with 429 and 503 on {@code path} (default {@code 1}). */
  public Receiver retryAfter(String path, Supplier<String> value) {
    retryAfters.put(path, value);
    return this;
  }

  public List<Request> on(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    boolean verified;
    try {
      new Webhook(secret).verify(body, exchange.getRequestHeaders());
      verified = true;
    } catch (Exception e) {
      verified = false;
    }
    int n = counts.merge(path, 1, Integer::sum);
    requests.add(
        new Request(
            path,
            exchange.getRequestHeaders().getFirst("webhook-id"),
            body,
            verified,
            System.nanoTime(),
            exchange.getRequestHeaders().getFirst("traceparent")));
    arrivals.add(System.nanoTime());
    long delay = delays.getOrDefault(path, 0L);
    if (delay > 0) {
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    int status = answers.getOrDefault(path, i -> 200).apply(n);
    if (status >= 300 && status < 400) {
      exchange.getResponseHeaders().add("Location", url("/redirected"));
    }
    if (status == 429 || status == 503) {
      exchange
          .getResponseHeaders()
          .add("Retry-After", retryAfters.getOrDefault(path, () -> "1").get());
    }
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
