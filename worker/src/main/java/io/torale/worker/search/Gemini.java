package io.torale.worker.search;

import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.torale.worker.monitoring.FailureTypes;
import org.springframework.stereotype.Component;

/**
 * The one Gemini client of the worker, with failures mapped to Temporal's retry rules: 429 and 5xx
 * (and I/O) are retryable, any other 4xx is not. The SDK's own retries are off (one attempt), so
 * retries do not stack on Temporal's.
 */
@Component
public class Gemini implements AutoCloseable {

  static final String NOT_CONFIGURED =
      "Gemini is not configured: set GEMINI_API_KEY (torale.gemini.api-key), or"
          + " torale.gemini.vertex-ai=true with torale.gemini.project";

  private final GeminiProperties properties;
  private final Client client;

  public Gemini(GeminiProperties properties) {
    this.properties = properties;
    this.client = properties.configured() ? build(properties) : null;
  }

  /** One {@code generateContent} call on the configured model. */
  public GenerateContentResponse generate(String prompt, GenerateContentConfig config) {
    if (client == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          NOT_CONFIGURED, FailureTypes.GEMINI_NOT_CONFIGURED);
    }
    try {
      return client.models.generateContent(properties.model(), prompt, config);
    } catch (ApiException e) {
      throw classify(e.code(), e.getMessage());
    } catch (RuntimeException e) {
      // I/O failures and unreadable bodies: another attempt may well succeed.
      throw ApplicationFailure.newFailureWithCause(
          "Gemini call failed: " + e, FailureTypes.GEMINI_UNAVAILABLE, e);
    }
  }

  /** 429 and 5xx heal with time; any other 4xx will fail the same way again. */
  static ApplicationFailure classify(int status, String message) {
    String text = "Gemini answered HTTP " + status + ": " + message;
    if (status == 429 || status >= 500) {
      return ApplicationFailure.newFailure(text, FailureTypes.GEMINI_UNAVAILABLE);
    }
    return ApplicationFailure.newNonRetryableFailure(text, FailureTypes.GEMINI_REJECTED);
  }

  private static Client build(GeminiProperties properties) {
    HttpOptions.Builder http =
        HttpOptions.builder()
            .timeout((int) properties.timeout().toMillis())
            // Temporal owns retries.
            .retryOptions(HttpRetryOptions.builder().attempts(1).build());
    if (properties.baseUrl() != null && !properties.baseUrl().isBlank()) {
      http.baseUrl(properties.baseUrl());
    }
    Client.Builder builder = Client.builder().httpOptions(http.build());
    if (properties.vertexAi()) {
      builder.vertexAI(true).project(properties.project()).location(properties.location());
    } else {
      builder.apiKey(properties.apiKey());
    }
    return builder.build();
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
  }
}
