package io.torale.platform.kafka;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The schema registry ({@code torale.registry.*}).
 *
 * @param url base URL of an Apicurio Registry 3 (the serde appends its API path)
 * @param username basic-auth user, when the registry requires one
 * @param password basic-auth password
 */
@Validated
@ConfigurationProperties("torale.registry")
public record RegistryProperties(
    @NotBlank @DefaultValue("http://localhost:8081") String url, String username, String password) {

  @Override
  public String toString() {
    return "RegistryProperties[url=%s, username=%s, password=%s]"
        .formatted(url, username, password == null ? "none" : "****");
  }
}
