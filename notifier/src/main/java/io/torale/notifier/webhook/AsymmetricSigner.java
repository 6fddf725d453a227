package io.torale.notifier.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;

/**
 * Standard Webhooks' asymmetric signature {@code v1a}: Ed25519 over {@code id.timestamp.body}, made
 * with Torale's private key; receivers verify with the public key Torale publishes ({@code whpk_…},
 * {@code GET /webhooks/public-key}), so no shared secret exists at all. The key is {@code whsk_} +
 * base64 of a 32-byte Ed25519 private key (RFC 8032 seed), given as {@code
 * torale.webhooks.signing-key} through the environment or a file, never the command line.
 *
 * <p>Hand-written on the JDK's Ed25519 because the Standard Webhooks Java library (1.1.1) signs
 * only {@code v1} (HMAC); the JDK provides the algorithm, this class only frames it.
 */
final class AsymmetricSigner {

  static final String SECRET_PREFIX = "whsk_";
  static final String PUBLIC_PREFIX = "whpk_";
  // An X.509 Ed25519 public key (RFC 8410) is a 12-byte DER header and the 32-byte key.
  private static final int X509_HEADER = 12;

  private final PrivateKey privateKey;
  private final String publicKey;

  private AsymmetricSigner(KeyPair pair) {
    this.privateKey = pair.getPrivate();
    byte[] encoded = pair.getPublic().getEncoded();
    this.publicKey =
        PUBLIC_PREFIX
            + Base64.getEncoder()
                .encodeToString(Arrays.copyOfRange(encoded, X509_HEADER, encoded.length));
  }

  /**
   * @throws IllegalArgumentException when the key is not {@code whsk_} + base64 of 32 bytes
   */
  static AsymmetricSigner fromSecretKey(String whsk) {
    if (whsk == null || !whsk.startsWith(SECRET_PREFIX)) {
      throw new IllegalArgumentException("a signing key starts with " + SECRET_PREFIX);
    }
    byte[] seed = Base64.getDecoder().decode(whsk.substring(SECRET_PREFIX.length()));
    if (seed.length != 32) {
      throw new IllegalArgumentException("a signing key holds a 32-byte Ed25519 private key");
    }
    try {
      // The JDK derives an Ed25519 public key only through KeyPairGenerator, which takes the
      // 32-byte private key from its random source: a source that yields the seed gives that
      // seed's pair. Signature checks in AsymmetricSignerTest verify against the derived key.
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(255, new FixedSeed(seed));
      return new AsymmetricSigner(generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no Ed25519", e);
    }
  }

  /** {@code v1a,} + base64 Ed25519 signature of {@code id.timestamp.body}. */
  String sign(String messageId, long timestampSeconds, String body) {
    try {
      Signature ed25519 = Signature.getInstance("Ed25519");
      ed25519.initSign(privateKey);
      ed25519.update(
          (messageId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1a," + Base64.getEncoder().encodeToString(ed25519.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /** The public key receivers verify with: {@code whpk_} + base64 of the 32-byte key. */
  String publicKey() {
    return publicKey;
  }

  @Override
  public String toString() {
    return "AsymmetricSigner[" + publicKey + "]";
  }

  /** A "random" source that yields one fixed seed. */
  private static final class FixedSeed extends SecureRandom {
    private final byte[] seed;

    FixedSeed(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
    }
  }
}
