package io.torale.commandconsumer.intake;

import io.torale.commandconsumer.validation.Rejection;
import java.util.List;

/**
 * What became of a command. A business rejection is a value, not an exception; only transient
 * failures throw (and are retried).
 */
public sealed interface CommandOutcome {

  /**
   * The task and its schedule now reflect the command.
   *
   * @param detail what the command changed when that is worth saying (e.g. "no change: the task is
   *     already paused"), or null
   */
  record Applied(String detail) implements CommandOutcome {

    public Applied() {
      this(null);
    }

    /** The state the command sets already held: nothing was done, and that is success. */
    public static Applied noChange(String why) {
      return new Applied("no change: " + why);
    }
  }

  /** Nothing changed; one reason per invalid field or impossible transition. */
  record Rejected(List<Rejection> reasons) implements CommandOutcome {
    public Rejected {
      reasons = List.copyOf(reasons);
    }
  }

  /** The command id was answered before; nothing was applied again. */
  record Duplicate() implements CommandOutcome {}
}
