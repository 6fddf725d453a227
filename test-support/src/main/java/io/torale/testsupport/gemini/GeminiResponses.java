package io.torale.testsupport.gemini;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import okhttp3.mockwebserver.MockResponse;

/**
 * Responses in the shapes Gemini's {@code generateContent} answers with, recorded once and kept in
 * this module's resources ({@code io/torale/testsupport/gemini/*.json}).
 */
public final class GeminiResponses {

  private GeminiResponses() {}

  /** A recorded body with a status, e.g. {@code json(429, "error-429.json")}. */
  public static MockResponse json(int status, String resource) {
    return new MockResponse()
        .setResponseCode(status)
        .setHeader("Content-Type", "application/json; charset=UTF-8")
        .setBody(read(resource));
  }

  /** The grounded-search answer: text, grounding chunks and web search queries. */
  public static MockResponse grounded() {
    return json(200, "grounded.json");
  }

  /** A structured verdict with conditionMet=true. */
  public static MockResponse verdictMet() {
    return json(200, "verdict-met.json");
  }

  /** A structured verdict with the given values, in the same shape. */
  public static MockResponse verdict(boolean met, String answer, String state) {
    String text =
        "{\\\"conditionMet\\\": %s, \\\"answer\\\": \\\"%s\\\", \\\"currentState\\\": \\\"%s\\\"}"
            .formatted(met, answer, state);
    return new MockResponse()
        .setHeader("Content-Type", "application/json; charset=UTF-8")
        .setBody(
            """
            {"candidates": [{"content": {"parts": [{"text": "%s"}], "role": "model"},
              "finishReason": "STOP", "index": 0}], "modelVersion": "gemini-2.5-flash"}
            """
                .formatted(text));
  }

  /** A recorded body as text. */
  public static String read(String resource) {
    try (InputStream in = GeminiResponses.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no Gemini fixture " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
