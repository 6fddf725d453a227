package io.torale.testsupport.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class GeminiFakeTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void answersScriptedResponsesFirstThenByKindOfCall() throws Exception {
    try (GeminiFake gemini = new GeminiFake()) {
      gemini.script(GeminiResponses.json(429, "error-429.json"));

      HttpResponse<String> limited = post(gemini, "{\"tools\":[{\"googleSearch\":{}}]}");
      HttpResponse<String> grounded = post(gemini, "{\"tools\":[{\"googleSearch\":{}}]}");
      HttpResponse<String> verdict = post(gemini, "{\"contents\":[]}");

      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(grounded.body()).contains("groundingMetadata");
      assertThat(verdict.body()).contains("conditionMet");
      assertThat(gemini.requests()).isEqualTo(3);
      assertThat(gemini.baseUrl()).startsWith("http://");
    }
  }

  private HttpResponse<String> post(GeminiFake gemini, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(gemini.baseUrl() + "v1beta/models/m:generateContent"))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
