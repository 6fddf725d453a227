package io.torale.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fake HTTP endpoint on {@code mockwebserver}, listening on 127.0.0.1 only (tests never listen
 * beyond loopback) on a free port. Register one with {@code @RegisterExtension} on a static field
 * to have it stopped after the class, or close it.
 */
public abstract class LoopbackServer implements AfterAllCallback, AutoCloseable {

  private final MockWebServer server = new MockWebServer();

  protected LoopbackServer() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return answer(request);
          }
        });
  }

  /** The response to a request; called on the server's threads, concurrently. */
  protected abstract MockResponse answer(RecordedRequest request);

  /** Starts listening; a subclass calls it last in its constructor, once it can answer. */
  protected final void start() {
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getPort();
  }

  /** {@code http://localhost:PORT} followed by {@code path}. */
  public String url(String path) {
    return "http://localhost:" + port() + path;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    try {
      server.shutdown();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
