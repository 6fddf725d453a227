package io.torale.schemas.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Torale-internal: the keys webhook secrets are stored under ({@code tsek_<keyId>_<base64url>},
 * AES-256-GCM from the JDK). The command consumer encrypts with the first (current) key; the
 * notifier decrypts, in memory, when it signs. A stored secret, {@code tenc_<keyId>_<base64url(iv
 * || ciphertext)>}, is bound to its task (the task id is the associated data), so copying it to
 * another task's row does not make it usable there. Older keys in the list still decrypt, which is
 * how a key is rotated (see the README's Security model).
 */
public final class StorageKeys {

  public static final String KEY_PREFIX = "tsek_";
  public static final String STORED_PREFIX = "tenc_";

  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();

  private StorageKeys(List<String> texts) {
    for (String text : texts) {
      KeyText key = KeyText.parse(KEY_PREFIX, text);
      if (key.bytes().length != 32) {
        throw new IllegalArgumentException("a " + KEY_PREFIX + " key is 32 bytes (AES-256)");
      }
      keys.put(key.keyId(), new SecretKeySpec(key.bytes(), "AES"));
    }
  }

  /**
   * @param keys {@code tsek_…} keys, the current one first; none: nothing can be stored or read
   */
  public static StorageKeys of(List<String> keys) {
    return new StorageKeys(keys == null ? List.of() : keys);
  }

  /** A new random key, {@code tsek_<keyId>_<base64url>}. */
  public static String generate() {
    byte[] id = new byte[4];
    byte[] key = new byte[32];
    RANDOM.nextBytes(id);
    RANDOM.nextBytes(key);
    return new KeyText(HexFormat.of().formatHex(id), key).format(KEY_PREFIX);
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }

  /** Whether {@code value} is a stored (encrypted) secret. */
  public static boolean isStored(String value) {
    return value != null && value.startsWith(STORED_PREFIX);
  }

  /**
   * Whether {@code stored} is encrypted under the current key (else it is due for re-encryption).
   */
  public boolean isCurrent(String stored) {
    return !keys.isEmpty()
        && KeyText.parse(STORED_PREFIX, stored).keyId().equals(keys.keySet().iterator().next());
  }

  /** Encrypts {@code secret} under the current key, bound to {@code taskId}. */
  public String encrypt(String secret, String taskId) {
    Map.Entry<String, SecretKeySpec> current =
        keys.entrySet().stream()
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no storage key configured"));
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, current.getValue(), new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(associatedData(taskId));
      byte[] ciphertext = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      byte[] both = new byte[IV_BYTES + ciphertext.length];
      System.arraycopy(iv, 0, both, 0, IV_BYTES);
      System.arraycopy(ciphertext, 0, both, IV_BYTES, ciphertext.length);
      return new KeyText(current.getKey(), both).format(STORED_PREFIX);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * Decrypts a stored secret of {@code taskId}.
   *
   * @throws IllegalArgumentException when it names a key not configured here, or does not decrypt
   *     (tampered, or stored for another task)
   */
  public String decrypt(String stored, String taskId) {
    KeyText text = KeyText.parse(STORED_PREFIX, stored);
    SecretKeySpec key = keys.get(text.keyId());
    if (key == null) {
      throw new IllegalArgumentException(
          "stored under key " + text.keyId() + ", which is not configured here");
    }
    byte[] bytes = text.bytes();
    if (bytes.length <= IV_BYTES) {
      throw new IllegalArgumentException("too short to be a stored secret");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE,
          key,
          new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(bytes, 0, IV_BYTES)));
      cipher.updateAAD(associatedData(taskId));
      return new String(
          cipher.doFinal(Arrays.copyOfRange(bytes, IV_BYTES, bytes.length)),
          StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "does not decrypt with key " + text.keyId() + " for task " + taskId, e);
    }
  }

  private static byte[] associatedData(String taskId) {
    return ("torale webhook secret of task " + taskId).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "StorageKeys[" + keys.keySet() + ", ****]";
  }
}
