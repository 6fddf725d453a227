package io.torale.notifier.webhook;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;

/**
 * Signs with the Standard Webhooks reference library: {@code v1,} + base64 HMAC-SHA256 of {@code
 * id.timestamp.body} under the {@code whsec_} secret.
 */
final class WebhookSigner {

  private WebhookSigner() {}

  /**
   * @throws IllegalArgumentException when the secret is not valid base64
   */
  static String sign(String secret, String messageId, long timestampSeconds, String body) {
    return sign(prepare(secret), messageId, timestampSeconds, body);
  }

  /**
   * The secret decoded once, to sign many times (the configured default secret: decoding it for
   * every attempt showed in the notifier's profile).
   *
   * @throws IllegalArgumentException when the secret is not valid base64
   */
  static Webhook prepare(String secret) {
    return new Webhook(secret);
  }

  static String sign(Webhook signer, String messageId, long timestampSeconds, String body) {
    try {
      return signer.sign(messageId, timestampSeconds, body);
    } catch (WebhookSigningException e) {
      throw new IllegalArgumentException("cannot sign: " + e.getMessage(), e);
    }
  }
}
