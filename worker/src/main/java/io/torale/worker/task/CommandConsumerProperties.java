package io.torale.worker.task;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the worker asks command-consumer, the one writer of task state, to complete a task ({@code
 * torale.command-consumer.*}).
 *
 * @param url command-consumer's base URL
 * @param token the bearer token of its internal API (command-consumer's {@code torale.admin.token})
 * @param timeout per request; the activity retries a failed one
 */
@Validated
@ConfigurationProperties("torale.command-consumer")
public record CommandConsumerProperties(
    @DefaultValue("http://localhost:8080") URI url,
    String token,
    @DefaultValue("10s") Duration timeout) {

  @Override
  public String toString() {
    return "CommandConsumerProperties[url=%s, token=%s, timeout=%s]"
        .formatted(url, token == null ? "none" : "****", timeout);
  }
}
