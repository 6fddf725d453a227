package io.torale.cli.webhook;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./torale webhooks listen}: a local receiver that verifies Standard Webhooks signatures
 * with the given secret and prints each delivery. Answers 204 when the signature holds, 401 when it
 * does not (so the notifier's retries show up too).
 */
@Command(
    name = "listen",
    mixinStandardHelpOptions = true,
    description = "Receive webhooks on a local port, verify and print them.")
final class ListenCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      defaultValue = "9000",
      description = "Port to listen on (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--secret",
      defaultValue = "${env:TORALE_WEBHOOK_SECRET}",
      description =
          "whsec_ secret to verify with (env TORALE_WEBHOOK_SECRET; default: the local system's, .torale/webhook-secret).")
  String secret;

  @Option(
      names = "--max",
      defaultValue = "0",
      description = "Exit after this many deliveries (0: never).")
  int max;

  @Override
  public Integer call() throws IOException, InterruptedException {
    String key = secret;
    java.nio.file.Path local = io.torale.cli.LocalFiles.home().resolve("webhook-secret");
    if ((key == null || key.isBlank()) && java.nio.file.Files.exists(local)) {
      key = java.nio.file.Files.readString(local).strip();
    }
    Webhook verifier = key == null || key.isBlank() ? null : new Webhook(key);
    CountDownLatch done = new CountDownLatch(max > 0 ? max : Integer.MAX_VALUE);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", exchange -> handle(exchange, verifier, done));
    server.start();
    System.out.println(
        "listening on http://localhost:"
            + port
            + "/ "
            + (verifier == null
                ? "(no --secret: signatures not verified)"
                : "(verifying signatures)"));
    System.out.flush();
    done.await();
    server.stop(0);
    return 0;
  }

  private static void handle(HttpExchange exchange, Webhook verifier, CountDownLatch done)
      throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    HttpHeaders headers = HttpHeaders.of(exchange.getRequestHeaders(), (k, v) -> true);
    String verdict;
    int status;
    if (verifier == null) {
      verdict = "unverified";
      status = 204;
    } else {
      try {
        verifier.verify(body, headers);
        verdict = "signature valid";
        status = 204;
      } catch (Exception e) {
        verdict = "signature INVALID: " + e.getMessage();
        status = 401;
      }
    }
    System.out.println(
        "--- "
            + exchange.getRequestMethod()
            + " "
            + exchange.getRequestURI()
            + " webhook-id="
            + headers.firstValue("webhook-id").orElse("-")
            + " ("
            + verdict
            + ")");
    System.out.println(body);
    System.out.flush();
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
    done.countDown();
  }
}
