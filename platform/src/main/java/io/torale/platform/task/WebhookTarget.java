package io.torale.platform.task;

/**
 * A webhook endpoint and its optional signing secret (the configured default when null). {@code
 * toString} hides the secret.
 */
public record WebhookTarget(String url, String secret) {

  @Override
  public String toString() {
    return "WebhookTarget[url=" + url + ", secret=" + (secret == null ? "default" : "****") + "]";
  }
}
