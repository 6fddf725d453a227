package io.torale.commandconsumer.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The admin HTTP endpoints ({@code torale.admin.*}).
 *
 * @param token bearer token every {@code /admin/**} request must present ({@code
 *     TORALE_ADMIN_TOKEN}); when unset, the admin API refuses every request. Never logged
 * @param maxResults most items a list endpoint returns
 */
@Validated
@ConfigurationProperties("torale.admin")
public record AdminProperties(String token, @DefaultValue("100") int maxResults) {

  /** Redacts the token: properties get logged. */
  @Override
  public String toString() {
    return "AdminProperties[token=%s, maxResults=%d]"
        .formatted(token == null || token.isBlank() ? "none" : "****", maxResults);
  }
}
