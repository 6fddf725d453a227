package io.torale.schemas.secrets;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;

/**
 * Seals a webhook's {@code whsec_} signing secret to Torale's public sealing key, so that the
 * secret never travels or rests in plaintext: a {@code CreateTask}/{@code UpdateTask} carries
 * {@code tsealed_<keyId>_<base64url>} in {@code Webhook.secret}, and only Torale's command
 * consumer, which holds the private half, can open it. A plaintext {@code whsec_} in a command is
 * refused.
 *
 * <p>The sealing is HPKE (RFC 9180) base mode with DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and
 * AES-256-GCM, from Bouncy Castle. Tink's hybrid encryption would be the first choice, but Tink
 * 1.18 needs protobuf-java 4.x at run time and this build pins 3.25.8 for Temporal; HPKE is the
 * same construction Tink's HPKE key type uses, so any HPKE library can seal for Torale.
 *
 * <p>Producers get the public key ({@code tspk_…}) from {@code GET /secrets/sealing-key} on the
 * command consumer and call {@link #seal}.
 */
public final class SealedSecrets {

  /** The prefix of a sealed secret as it travels in a command. */
  public static final String SEALED_PREFIX = "tsealed_";

  /** The prefix of a plaintext Standard Webhooks secret, which commands must not carry. */
  public static final String PLAINTEXT_PREFIX = "whsec_";

  private SealedSecrets() {}

  /** Whether {@code value} looks like a sealed secret (it may still fail to open). */
  public static boolean isSealed(String value) {
    return value != null && value.startsWith(SEALED_PREFIX);
  }

  /** Whether {@code value} is a plaintext {@code whsec_} secret. */
  public static boolean isPlaintext(String value) {
    return value != null && value.strip().startsWith(PLAINTEXT_PREFIX);
  }

  /**
   * Seals {@code secret} to {@code publicKey}.
   *
   * @param publicKey Torale's public sealing key, {@code tspk_<keyId>_<base64url>}
   * @param secret the {@code whsec_…} secret
   * @return {@code tsealed_<keyId>_<base64url(enc || ciphertext)>}
   */
  public static String seal(String publicKey, String secret) {
    KeyText key = KeyText.parse(SealingKeys.PUBLIC_PREFIX, publicKey);
    HPKE hpke = SealingKeys.hpke();
    try {
      byte[][] sealed =
          hpke.seal(
              hpke.deserializePublicKey(key.bytes()),
              SealingKeys.info(key.keyId()),
              new byte[0],
              secret.getBytes(StandardCharsets.UTF_8),
              null,
              null,
              null);
      byte[] ciphertext = sealed[0];
      byte[] enc = sealed[1];
      byte[] both = new byte[enc.length + ciphertext.length];
      System.arraycopy(enc, 0, both, 0, enc.length);
      System.arraycopy(ciphertext, 0, both, enc.length, ciphertext.length);
      return SEALED_PREFIX
          + key.keyId()
          + "_"
          + Base64.getUrlEncoder().withoutPadding().encodeToString(both);
    } catch (InvalidCipherTextException | RuntimeException e) {
      throw new IllegalArgumentException("cannot seal to this public key: " + e.getMessage(), e);
    }
  }
}
