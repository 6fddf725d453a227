package io.torale.cli.page;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./torale page serve}: serves the page file at http://localhost:PORT/, re-read per request.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serve the page (change it with `torale page set`).")
final class ServeCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "8090", description = "Port (default ${DEFAULT-VALUE}).")
  int port;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (!Files.exists(PageFile.path())) {
      Files.createDirectories(PageFile.path().getParent());
      Files.writeString(PageFile.path(), SetCommand.html("Status: pending"));
    }
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = Files.readString(PageFile.path()).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    System.out.println(
        "serving " + PageFile.path() + " at http://localhost:" + port + "/ (Ctrl-C to stop)");
    new CountDownLatch(1).await();
    return 0;
  }
}
