package io.torale.schemas.secrets;

import java.util.Base64;
import java.util.HexFormat;

/**
 * A key or ciphertext as text: {@code <prefix><keyId>_<base64url>}, where the key id is 8 hex
 * digits. Base64url may itself contain {@code _}, so only the first one after the id separates.
 */
record KeyText(String keyId, byte[] bytes) {

  static KeyText parse(String prefix, String text) {
    if (text == null || !text.strip().startsWith(prefix)) {
      throw new IllegalArgumentException("expected a value starting with " + prefix);
    }
    String rest = text.strip().substring(prefix.length());
    int separator = rest.indexOf('_');
    if (separator != 8) {
      throw new IllegalArgumentException("expected " + prefix + "<8 hex digits>_<base64url>");
    }
    String keyId = rest.substring(0, separator);
    try {
      HexFormat.of().parseHex(keyId);
      return new KeyText(keyId, Base64.getUrlDecoder().decode(rest.substring(separator + 1)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "expected " + prefix + "<8 hex digits>_<base64url>: " + e.getMessage(), e);
    }
  }

  String format(String prefix) {
    return prefix + keyId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public String toString() {
    return "KeyText[keyId=" + keyId + ", ****]";
  }
}
