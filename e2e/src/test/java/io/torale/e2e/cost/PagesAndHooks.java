package io.torale.e2e.cost;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark's side of the wire, outside the measured systems: N web pages at {@code /page/<i>},
 * each saying "Status: red" and a revision number (bumped to make a change a page-watcher sees),
 * and a webhook receiver at {@code /hook/<system>/<i>} that notes when each webhook arrived. Both
 * systems are measured against the same server, one after the other.
 */
final class PagesAndHooks implements AutoCloseable {

  private final HttpServer server;
  private final int[] revisions;
  private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
  private final AtomicInteger received = new AtomicInteger();

  PagesAndHooks(int pages) {
    revisions = new int[pages];
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/page/", this::page);
    server.createContext("/hook/", this::hook);
    server.start();
  }

  String pageUrl(int i) {
    return base() + "/page/" + i;
  }

  String hookUrl(String system, int i) {
    return base() + "/hook/" + system + "/" + i;
  }

  /** The same, as Apprise's JSON-POST URL (changedetection.io sends notifications via Apprise). */
  String appriseHookUrl(String system, int i) {
    return "json://127.0.0.1:" + server.getAddress().getPort() + "/hook/" + system + "/" + i;
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Bumps every page's revision: each now differs from what a watcher saw last. */
  synchronized void changeAll() {
    for (int i = 0; i < revisions.length; i++) {
      revisions[i]++;
    }
  }

  synchronized void change(int i) {
    revisions[i]++;
  }

  /** Forgets earlier arrivals of this system's hooks. */
  void reset(String system) {
    arrivals.keySet().removeIf(key -> key.startsWith(system + "/"));
  }

  /** When the webhook of page {@code i} for {@code system} last arrived ({@code nanoTime}). */
  Long arrival(String system, int i) {
    return arrivals.get(system + "/" + i);
  }

  int received() {
    return received.get();
  }

  /** Waits until every one of pages 0..n-1 has a webhook from {@code system}; the last arrival. */
  long awaitAll(String system, int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long last = 0;
      int missing = 0;
      for (int i = 0; i < n; i++) {
        Long at = arrival(system, i);
        if (at == null) {
          missing++;
        } else {
          last = Math.max(last, at);
        }
      }
      if (missing == 0) {
        return last;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            missing + " of " + n + " webhooks from " + system + " missing after " + timeout);
      }
      Thread.sleep(5);
    }
  }

  private void page(HttpExchange exchange) throws IOException {
    int i = Integer.parseInt(exchange.getRequestURI().getPath().substring("/page/".length()));
    int revision;
    synchronized (this) {
      revision = revisions[i];
    }
    byte[] body =
        ("<!doctype html><html><head><title>Shop "
                + i
                + "</title></head><body><div id=\"status\">Status: red</div><p>revision "
                + revision
                + "</p></body></html>")
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  private void hook(HttpExchange exchange) throws IOException {
    long now = System.nanoTime();
    exchange.getRequestBody().readAllBytes();
    String key = exchange.getRequestURI().getPath().substring("/hook/".length());
    arrivals.put(key, now);
    received.incrementAndGet();
    exchange.sendResponseHeaders(204, -1);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
