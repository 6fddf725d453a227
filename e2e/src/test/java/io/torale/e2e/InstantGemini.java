package io.torale.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local server answering Gemini's {@code generateContent} at once, in the shapes the worker's own
 * tests recorded (copies of {@code worker/src/test/resources/gemini}): the grounded answer for a
 * call with the {@code googleSearch} tool, a met verdict for the judging call. Point the worker at
 * it with {@link #workerProperties()}.
 */
final class InstantGemini implements AutoCloseable {

  private final HttpServer server;
  private final byte[] grounded = resource("grounded.json");
  private final byte[] verdictMet = resource("verdict-met.json");
  private final AtomicInteger requests = new AtomicInteger();

  InstantGemini() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          byte[] answer = body.contains("googleSearch") ? grounded : verdictMet;
          exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
  }

  /** The worker's {@code torale.gemini.*} properties for this server. */
  Map<String, String> workerProperties() {
    return Map.of(
        "torale.gemini.base-url",
        "http://127.0.0.1:" + server.getAddress().getPort() + "/",
        "torale.gemini.api-key",
        "local-instant-gemini");
  }

  int requests() {
    return requests.get();
  }

  private static byte[] resource(String name) {
    try (InputStream in = InstantGemini.class.getResourceAsStream("/gemini/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no fixture /gemini/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
