package io.torale.platform.temporal;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach Temporal ({@code torale.temporal.*}): the local dev server by default, a self-hosted
 * cluster, Temporal Cloud with an API key over TLS, or mTLS with client certificates.
 *
 * @param target host:port of the frontend, e.g. {@code my-ns.a1b2c.tmprl.cloud:7233}
 * @param namespace the namespace runs and schedules live in
 * @param apiKey Temporal Cloud API key; implies TLS
 * @param tls use TLS even without an API key or client certificate
 * @param clientCertPath PEM client certificate for mTLS
 * @param clientKeyPath PEM PKCS#8 private key for mTLS
 * @param serverRootCaPath PEM CA that signs the server certificate, when not a public CA
 * @param serverName TLS server name override (SNI), when it differs from the target host
 * @param uiUrl base URL of the Temporal UI, for links in admin responses
 */
@Validated
@ConfigurationProperties("torale.temporal")
public record TemporalProperties(
    @NotBlank @DefaultValue("localhost:7233") String target,
    @NotBlank @DefaultValue("default") String namespace,
    String apiKey,
    @DefaultValue("false") boolean tls,
    String clientCertPath,
    String clientKeyPath,
    String serverRootCaPath,
    String serverName,
    @DefaultValue("http://localhost:8233") String uiUrl) {

  /** True when the connection must use TLS. */
  public boolean usesTls() {
    return tls || hasApiKey() || hasClientCertificate();
  }

  public boolean hasApiKey() {
    return apiKey != null && !apiKey.isBlank();
  }

  public boolean hasClientCertificate() {
    return clientCertPath != null && !clientCertPath.isBlank();
  }

  /** Redacts the API key: properties get logged. */
  @Override
  public String toString() {
    return "TemporalProperties[target=%s, namespace=%s, apiKey=%s, tls=%s, clientCertPath=%s, uiUrl=%s]"
        .formatted(
            target, namespace, hasApiKey() ? "****" : "none", usesTls(), clientCertPath, uiUrl);
  }
}
