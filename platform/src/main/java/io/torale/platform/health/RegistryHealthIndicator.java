package io.torale.platform.health;

import io.torale.platform.kafka.RegistryProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code registry}: the schema registry answers {@code GET /apis/registry/v3/system/info} with 200
 * (with the configured credentials, so a wrong password shows here too).
 */
public class RegistryHealthIndicator extends AbstractHealthIndicator {

  private final RegistryProperties registry;
  private final Duration timeout;
  private final HttpClient http;

  public RegistryHealthIndicator(RegistryProperties registry, Duration timeout) {
    super("Schema registry health check failed");
    this.registry = registry;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(infoUri()).timeout(timeout).header("Accept", "application/json");
    if (registry.username() != null && !registry.username().isBlank()) {
      String credentials = registry.username() + ":" + registry.password();
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    HttpResponse<Void> response =
        http.send(request.GET().build(), HttpResponse.BodyHandlers.discarding());
    builder.withDetail("url", registry.url()).withDetail("status", response.statusCode());
    if (response.statusCode() == 200) {
      builder.up();
    } else {
      builder.down();
    }
  }

  private URI infoUri() {
    String base = registry.url().replaceAll("/+$", "");
    return URI.create(base + "/apis/registry/v3/system/info");
  }
}
