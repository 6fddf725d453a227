package io.torale.platform.taskapi;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where a service finds the command consumer's task API ({@code torale.task-api.*}).
 *
 * @param url the command consumer's base URL, e.g. {@code http://command-consumer:8080}
 * @param token the service token shared with the command consumer; pass it by environment ({@code
 *     TORALE_TASK_API_TOKEN}), never on a command line
 * @param timeout per request, connecting included
 */
@Validated
@ConfigurationProperties("torale.task-api")
public record TaskApiProperties(
    @NotNull URI url, @NotBlank String token, @DefaultValue("5s") Duration timeout) {

  @Override
  public String toString() {
    return "TaskApiProperties[url=" + url + ", token=****, timeout=" + timeout + "]";
  }
}
