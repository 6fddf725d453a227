package io.torale.testsupport.gemini;

import io.torale.testsupport.LoopbackServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * The only fake of the suite: a local server on 127.0.0.1 answering Gemini's {@code
 * generateContent} in its recorded shapes. Scripted responses go first (a 429, a 500, a malformed
 * body); after them a call with the {@code googleSearch} tool gets the grounded answer and any
 * other call (the judging call) a met verdict.
 */
public final class GeminiFake extends LoopbackServer {

  private final ConcurrentLinkedQueue<MockResponse> script = new ConcurrentLinkedQueue<>();
  private final AtomicInteger requests = new AtomicInteger();

  public GeminiFake() {
    start();
  }

  @Override
  protected MockResponse answer(RecordedRequest request) {
    requests.incrementAndGet();
    MockResponse scripted = script.poll();
    if (scripted != null) {
      return scripted;
    }
    return request.getBody().readUtf8().contains("googleSearch")
        ? GeminiResponses.grounded()
        : GeminiResponses.verdictMet();
  }

  /** The base URL to give the Gemini client ({@code torale.gemini.base-url}). */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/";
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
}
