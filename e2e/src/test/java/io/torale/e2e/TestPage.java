package io.torale.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A web page on loopback whose text a test can change, for WEB_PAGE tasks. */
final class TestPage implements AutoCloseable {

  private final HttpServer server;
  private volatile String status = "Status: pending";

  TestPage() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          byte[] body =
              ("<html><head><title>Shop status</title></head><body><p id=\"status\">"
                      + status
                      + "</p></body></html>")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  String url() {
    return "http://localhost:" + server.getAddress().getPort() + "/";
  }

  void say(String text) {
    this.status = text;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
