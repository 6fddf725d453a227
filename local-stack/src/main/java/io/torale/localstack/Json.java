package io.torale.localstack;

import java.util.Map;

/**
 * A flat JSON object of strings, for {@code SPRING_APPLICATION_JSON}. Hand-written rather than a
 * JSON library: the local stack has no JSON dependency of its own, and string escaping (RFC 8259
 * section 7) is all a flat map of strings needs.
 */
final class Json {

  private Json() {}

  static String object(Map<String, String> values) {
    StringBuilder json = new StringBuilder("{");
    values.forEach(
        (key, value) -> {
          if (json.length() > 1) {
            json.append(',');
          }
          string(json, key);
          json.append(':');
          string(json, value);
        });
    return json.append('}').toString();
  }

  private static void string(StringBuilder json, String value) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        default -> {
          if (c < 0x20) {
            json.append("\\u%04x".formatted((int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
