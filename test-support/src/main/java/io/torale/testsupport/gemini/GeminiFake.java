package io.torale.testsupport.gemini;

import io.torale.testsupport.Loopback;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The only fake of the suite: a local server on 127.0.0.1 answering Gemini's {@code
 * generateContent} in its recorded shapes. Scripted responses go first (a 429, a 500, a malformed
 * body); after them a call with the {@code googleSearch} tool gets the grounded answer and any
 * other call (the judging call) a met verdict. Register it with {@code @RegisterExtension} to have
 * it stopped after the class, or close it.
 */
public final class GeminiFake implements AfterAllCallback, AutoCloseable {

  private final MockWebServer server = new MockWebServer();
  private final ConcurrentLinkedQueue<MockResponse> script = new ConcurrentLinkedQueue<>();
  private final AtomicInteger requests = new AtomicInteger();

  public GeminiFake() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            requests.incrementAndGet();
            MockResponse scripted = script.poll();
            if (scripted != null) {
              return scripted;
            }
            return request.getBody().readUtf8().contains("googleSearch")
                ? GeminiResponses.grounded()
                : GeminiResponses.verdictMet();
          }
        });
    Loopback.start(server);
  }

  /** The base URL to give the Gemini client ({@code torale.gemini.base-url}). */
  public String baseUrl() {
    return server.url("/").toString();
  }

  /** The worker's {@code torale.gemini.*} properties for this server. */
  public Map<String, String> workerProperties() {
    return Map.of("torale.gemini.base-url", baseUrl(), "torale.gemini.api-key", "local-fake-key");
  }

  /** Answers the next requests with these, in order, before the default answers. */
  public void script(MockResponse... responses) {
    script.addAll(List.of(responses));
  }

  /** Requests received so far. */
  public int requests() {
    return requests.get();
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
