package io.torale.testsupport.page;

import io.torale.testsupport.LoopbackServer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A web page on 127.0.0.1 for {@code WEB_PAGE} tasks, whose text a test changes with {@link #say}:
 * every path answers {@code <title>} and a {@code <p id="status">} holding the current text (select
 * it with {@code #status}).
 */
public final class PageServer extends LoopbackServer {

  private final String title;
  private volatile String text;
  private volatile long delayMillis;
  private final AtomicInteger requests = new AtomicInteger();

  public PageServer(String title, String text) {
    this.title = title;
    this.text = text;
    start();
  }

  @Override
  protected MockResponse answer(RecordedRequest request) {
    requests.incrementAndGet();
    return new MockResponse()
        .setHeader("Content-Type", "text/html; charset=utf-8")
        .setBody(html())
        .setHeadersDelay(delayMillis, TimeUnit.MILLISECONDS);
  }

  /** Every request from now on is answered after {@code millis} (a slow page: runs in flight). */
  public PageServer delay(long millis) {
    this.delayMillis = millis;
    return this;
  }

  /** What the page says from now on. */
  public void say(String text) {
    this.text = text;
  }

  /** The page's URL at {@code /}. */
  public String url() {
    return url("/");
  }

  /** Requests served so far. */
  public int requests() {
    return requests.get();
  }

  private String html() {
    return "<html><head><title>%s</title></head><body><p id=\"status\">%s</p></body></html>"
        .formatted(title, text);
  }
}
