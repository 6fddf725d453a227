package io.torale.worker.finding;

import java.util.List;

/**
 * One field of a task's finding schema, as the first run's verdict call designed it.
 *
 * @param name a short camelCase name, unique in the schema
 * @param type how the value is canonicalised before comparison
 * @param description what the field holds, for the later verdict calls
 * @param options the allowed values of an {@code ENUM} field (empty otherwise)
 */
public record FieldSpec(String name, FieldType type, String description, List<String> options) {

  public FieldSpec {
    options = options == null ? List.of() : List.copyOf(options);
  }
}
