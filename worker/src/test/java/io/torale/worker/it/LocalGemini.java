package io.torale.worker.it;

import io.torale.worker.testing.GeminiFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A local server answering like Gemini: scripted responses first (429s, 500s, malformed bodies),
 * then the recorded-shape grounded answer for search calls and a met verdict for judge calls.
 */
final class LocalGemini extends Dispatcher {

  final MockWebServer server = new MockWebServer();
  final ConcurrentLinkedDeque<MockResponse> script = new ConcurrentLinkedDeque<>();
  final AtomicInteger requests = new AtomicInteger();

  LocalGemini() {
    server.setDispatcher(this);
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String baseUrl() {
    return server.url("/").toString();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    requests.incrementAndGet();
    MockResponse scripted = script.poll();
    if (scripted != null) {
      return scripted;
    }
    String body = request.getBody().readUtf8();
    return body.contains("googleSearch") ? GeminiFixtures.grounded() : GeminiFixtures.verdictMet();
  }
}
