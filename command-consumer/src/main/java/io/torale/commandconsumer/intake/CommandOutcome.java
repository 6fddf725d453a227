package io.torale.commandconsumer.intake;

import io.torale.commandconsumer.validation.Rejection;
import java.util.List;

/**
 * What became of a command. A business rejection is a value, not an exception; only transient
 * failures throw (and are retried).
 */
public sealed interface CommandOutcome {

  /** The task and its schedule now reflect the command. */
  record Applied() implements CommandOutcome {}

  /** Nothing changed; one reason per invalid field or impossible transition. */
  record Rejected(List<Rejection> reasons) implements CommandOutcome {
    public Rejected {
      reasons = List.copyOf(reasons);
    }
  }

  /** The command id was answered before; nothing was applied again. */
  record Duplicate() implements CommandOutcome {}
}
