package io.torale.schemas.secrets;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * Torale's private sealing keys ({@code tssk_<keyId>_<base64url>}, X25519): they open what {@link
 * SealedSecrets#seal} sealed. The first key is the current one, whose public half is published; the
 * others still open secrets sealed to them, which is how a key is rotated (add a new first key,
 * keep the old one until no producer seals to it any more, then drop it).
 */
public final class SealingKeys {

  public static final String PRIVATE_PREFIX = "tssk_";
  public static final String PUBLIC_PREFIX = "tspk_";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, AsymmetricCipherKeyPair> keys = new LinkedHashMap<>();
  private final List<String> publicKeys = new ArrayList<>();

  private SealingKeys(List<String> privateKeys) {
    HPKE hpke = hpke();
    for (String text : privateKeys) {
      KeyText key = KeyText.parse(PRIVATE_PREFIX, text);
      byte[] publicKey =
          new X25519PrivateKeyParameters(key.bytes()).generatePublicKey().getEncoded();
      keys.put(key.keyId(), hpke.deserializePrivateKey(key.bytes(), publicKey));
      publicKeys.add(new KeyText(key.keyId(), publicKey).format(PUBLIC_PREFIX));
    }
  }

  /**
   * @param privateKeys {@code tssk_…} keys, the current one first; none: nothing can be opened
   */
  public static SealingKeys of(List<String> privateKeys) {
    return new SealingKeys(privateKeys == null ? List.of() : privateKeys);
  }

  /** A new random private key, {@code tssk_<keyId>_<base64url>}. */
  public static String generate() {
    byte[] id = new byte[4];
    RANDOM.nextBytes(id);
    byte[] key = new X25519PrivateKeyParameters(RANDOM).getEncoded();
    return new KeyText(HexFormat.of().formatHex(id), key).format(PRIVATE_PREFIX);
  }

  /** The public half of a {@code tssk_…} key. */
  public static String publicKeyOf(String privateKey) {
    return of(List.of(privateKey)).currentPublicKey();
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }

  /** The public half of the current key, for producers to seal to; null when there is none. */
  public String currentPublicKey() {
    return publicKeys.isEmpty() ? null : publicKeys.getFirst();
  }

  /** Every public key that still opens, the current one first. */
  public List<String> publicKeys() {
    return List.copyOf(publicKeys);
  }

  /**
   * Opens a sealed secret.
   *
   * @throws IllegalArgumentException with a reason fit for a rejection when it is not a sealed
   *     secret, names a key Torale does not hold, or does not open (tampered, wrong key)
   */
  public String open(String sealed) {
    KeyText text = KeyText.parse(SealedSecrets.SEALED_PREFIX, sealed);
    AsymmetricCipherKeyPair key = keys.get(text.keyId());
    if (key == null) {
      throw new IllegalArgumentException(
          "sealed to key " + text.keyId() + ", which this Torale does not hold");
    }
    HPKE hpke = hpke();
    int encSize = hpke.getEncSize();
    byte[] bytes = text.bytes();
    if (bytes.length <= encSize) {
      throw new IllegalArgumentException("too short to be a sealed secret");
    }
    try {
      byte[] plaintext =
          hpke.open(
              Arrays.copyOfRange(bytes, 0, encSize),
              key,
              info(text.keyId()),
              new byte[0],
              Arrays.copyOfRange(bytes, encSize, bytes.length),
              null,
              null,
              null);
      return new String(plaintext, StandardCharsets.UTF_8);
    } catch (InvalidCipherTextException | RuntimeException e) {
      throw new IllegalArgumentException("does not open with key " + text.keyId(), e);
    }
  }

  static HPKE hpke() {
    return new HPKE(
        HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256);
  }

  /** HPKE's info binds a sealed secret to its purpose and key id. */
  static byte[] info(String keyId) {
    return ("torale webhook secret " + keyId).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "SealingKeys[" + keys.keySet() + ", ****]";
  }
}
