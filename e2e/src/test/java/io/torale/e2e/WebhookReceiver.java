package io.torale.e2e;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook endpoint on loopback that checks every request's signature with the Standard Webhooks
 * library, as a real receiver would, and keeps what it got. It can be told to fail first.
 */
final class WebhookReceiver implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * One request: its webhook id, whether the signature held, the parsed body and headers, and when
   * it arrived ({@code nanos} for latency, {@code wall} to line up with Temporal's history).
   */
  record Received(
      String webhookId,
      boolean signatureValid,
      JsonNode body,
      HttpHeaders headers,
      long nanos,
      Instant wall) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, CompletableFuture<Received>> waiters = new ConcurrentHashMap<>();
  private final AtomicInteger failuresToAnswer = new AtomicInteger();

  WebhookReceiver(String secret) {
    Webhook verifier = new Webhook(secret);
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          long nanos = System.nanoTime();
          Instant wall = Instant.now();
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          HttpHeaders headers = HttpHeaders.of(exchange.getRequestHeaders(), (k, v) -> true);
          boolean valid;
          try {
            verifier.verify(body, headers);
            valid = true;
          } catch (Exception e) {
            valid = false;
          }
          Received request =
              new Received(
                  headers.firstValue("webhook-id").orElse(null),
                  valid,
                  JSON.readTree(body),
                  headers,
                  nanos,
                  wall);
          received.add(request);
          expect(request.body().path("data").path("execution_id").asString()).complete(request);
          int status = failuresToAnswer.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 204;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  String url() {
    return "http://localhost:" + server.getAddress().getPort() + "/hooks";
  }

  /** The next {@code count} requests are answered 500. */
  void failNext(int count) {
    failuresToAnswer.set(count);
  }

  /** Completes with the first webhook of this run (call before starting the run). */
  CompletableFuture<Received> expect(String executionId) {
    return waiters.computeIfAbsent(executionId, id -> new CompletableFuture<>());
  }

  List<Received> forTask(String taskId) {
    return received.stream()
        .filter(r -> taskId.equals(r.body().path("data").path("task").path("id").asString()))
        .toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
