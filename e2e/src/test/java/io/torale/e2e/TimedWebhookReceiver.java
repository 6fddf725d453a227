package io.torale.e2e;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook endpoint on loopback for the latency benchmark: it verifies each request's signature as
 * a real receiver would, answers 204, and completes the waiter of the run named by the body's
 * {@code execution_id} with the moment the request arrived.
 */
final class TimedWebhookReceiver implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** When a webhook arrived: {@code nanos} for latency, {@code wall} to line up with Temporal. */
  record Arrival(long nanos, Instant wall, boolean signatureValid) {}

  private final HttpServer server;
  private final Map<String, CompletableFuture<Arrival>> waiters = new ConcurrentHashMap<>();

  TimedWebhookReceiver(String secret) {
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
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
          boolean valid;
          try {
            verifier.verify(body, HttpHeaders.of(exchange.getRequestHeaders(), (k, v) -> true));
            valid = true;
          } catch (Exception e) {
            valid = false;
          }
          String executionId = JSON.readTree(body).path("data").path("execution_id").asString();
          expect(executionId).complete(new Arrival(nanos, wall, valid));
        });
    server.start();
  }

  String url() {
    return "http://localhost:" + server.getAddress().getPort() + "/hooks";
  }

  /** Completes when the webhook of this run arrives (call before starting the run). */
  CompletableFuture<Arrival> expect(String executionId) {
    return waiters.computeIfAbsent(executionId, id -> new CompletableFuture<>());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
