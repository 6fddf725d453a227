package io.torale.cli.task;

import io.torale.cli.Endpoints;
import io.torale.cli.UserFacingException;
import io.torale.schemas.secrets.SealedSecrets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * Seals the webhook secrets the user gives to Torale's public sealing key, so a command never
 * carries a plaintext {@code whsec_}: the key is {@code --sealing-key} (env {@code
 * TORALE_SEALING_KEY}) or, by default, the running command-consumer's {@code GET
 * /secrets/sealing-key}.
 */
public final class SealingKey {

  private SealingKey() {}

  /** A sealer that fetches the key on first use only (no secret given: no request). */
  public static UnaryOperator<String> sealer(Endpoints endpoints, String configured) {
    String[] key = {configured == null || configured.isBlank() ? null : configured.strip()};
    return secret -> {
      if (secret == null || secret.isBlank() || SealedSecrets.isSealed(secret)) {
        return secret;
      }
      if (key[0] == null) {
        key[0] = fetch(endpoints.adminUrl());
      }
      return SealedSecrets.seal(key[0], secret.strip());
    };
  }

  private static String fetch(String adminUrl) {
    String url = adminUrl.replaceAll("/+$", "") + "/secrets/sealing-key";
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                  HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404) {
        throw new UserFacingException(
            "Torale at "
                + adminUrl
                + " has no sealing key, so it accepts no webhook secret: leave --webhook-secret"
                + " out and verify the v1a signature");
      }
      if (response.statusCode() != 200) {
        throw new UserFacingException(url + " answered " + response.statusCode());
      }
      return response.body().strip();
    } catch (IOException e) {
      throw new UserFacingException(
          "could not fetch Torale's sealing key from "
              + url
              + " to seal --webhook-secret: is command-consumer running? (or pass --sealing-key)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserFacingException("interrupted fetching the sealing key");
    }
  }
}
