package io.torale.worker.search;

import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Gemini ({@code torale.gemini.*}). Without an API key (and without Vertex AI), grounded-search
 * runs fail with a clear non-retryable reason; web-page tasks with a deterministic match still run.
 *
 * @param apiKey Gemini Developer API key; {@code GEMINI_API_KEY} in the environment
 * @param model model name
 * @param baseUrl endpoint override (tests point it at a local server); null for Google's default
 * @param vertexAi use Vertex AI (Application Default Credentials) instead of an API key
 * @param project Google Cloud project, for Vertex AI
 * @param location Google Cloud region, for Vertex AI
 * @param timeout per HTTP request, i.e. per Gemini call; below the start-to-close timeout (45 s) of
 *     the activity that makes the call
 * @param sharedSearchWindow how long a grounded search serves other tasks with the same normalised
 *     query ({@link SharedSearches}); zero turns sharing off
 */
@Validated
@ConfigurationProperties("torale.gemini")
public record GeminiProperties(
    String apiKey,
    @NotBlank @DefaultValue("gemini-2.5-flash") String model,
    String baseUrl,
    @DefaultValue("false") boolean vertexAi,
    String project,
    @DefaultValue("us-central1") String location,
    @DefaultValue("40s") Duration timeout,
    @DefaultValue("5m") Duration sharedSearchWindow) {

  public boolean configured() {
    return vertexAi ? project != null && !project.isBlank() : apiKey != null && !apiKey.isBlank();
  }

  /** Redacts the API key: properties get logged. */
  @Override
  public String toString() {
    return "GeminiProperties[apiKey=%s, model=%s, baseUrl=%s, vertexAi=%s, project=%s, location=%s, timeout=%s, sharedSearchWindow=%s]"
        .formatted(
            apiKey == null || apiKey.isBlank() ? "none" : "****",
            model,
            baseUrl,
            vertexAi,
            project,
            location,
            timeout,
            sharedSearchWindow);
  }
}
