package io.torale.worker.finding;

import java.util.List;
import java.util.Optional;

/**
 * A task's finding schema: the few typed fields that say what its facts are. Designed once, by the
 * verdict call of the task's first run (no extra model call), then kept in {@code task_state} and
 * handed to every later verdict call, so every run extracts the same fields.
 */
public record FindingSchema(List<FieldSpec> fields) {

  /** At most this many fields are kept from a design: a finding is a few facts, not a report. */
  public static final int MAX_FIELDS = 6;

  public FindingSchema {
    fields = fields == null ? List.of() : List.copyOf(fields);
  }

  /**
   * Not {@code isEmpty}: the record travels as JSON through workflow history, no extra property.
   */
  public boolean hasFields() {
    return !fields.isEmpty();
  }

  public Optional<FieldSpec> field(String name) {
    return fields.stream().filter(f -> f.name().equals(name)).findFirst();
  }
}
