package io.torale.testsupport.page;

import io.torale.testsupport.Loopback;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A web page on 127.0.0.1 for {@code WEB_PAGE} tasks, whose text a test changes with {@link #say}:
 * every path answers {@code <title>} and a {@code <p id="status">} holding the current text (select
 * it with {@code #status}). Register it with {@code @RegisterExtension} to have it stopped after
 * the class, or close it.
 */
public final class PageServer implements AfterAllCallback, AutoCloseable {

  private final MockWebServer server = new MockWebServer();
  private final String title;
  private volatile String text;

  public PageServer(String title, String text) {
    this.title = title;
    this.text = text;
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse()
                .setHeader("Content-Type", "text/html; charset=utf-8")
                .setBody(html());
          }
        });
    Loopback.start(server);
  }

  /** What the page says from now on. */
  public void say(String text) {
    this.text = text;
  }

  /** The page's URL at {@code /}. */
  public String url() {
    return url("/");
  }

  public String url(String path) {
    return "http://localhost:" + server.getPort() + path;
  }

  /** Requests served so far. */
  public int requests() {
    return server.getRequestCount();
  }

  private String html() {
    return "<html><head><title>%s</title></head><body><p id=\"status\">%s</p></body></html>"
        .formatted(title, text);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    Loopback.stop(server);
  }
}
