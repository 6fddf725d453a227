package io.torale.worker.search;

import io.torale.worker.finding.FieldValue;
import io.torale.worker.finding.FindingSchema;
import java.util.List;

/**
 * A judgement of a condition against evidence: Gemini's structured verdict, or a deterministic
 * match (then without fields, {@code changedInMeaning} and {@code designedSchema}).
 */
public record Verdict(
    boolean conditionMet,
    String answer,
    String currentState,
    List<FieldValue> fields,
    Boolean changedInMeaning,
    String whatChanged,
    FindingSchema designedSchema) {

  public Verdict {
    fields = fields == null ? List.of() : List.copyOf(fields);
  }

  /** A deterministic judgement: no model, no typed fields. */
  public Verdict(boolean conditionMet, String answer, String currentState) {
    this(conditionMet, answer, currentState, null, null, null, null);
  }
}
