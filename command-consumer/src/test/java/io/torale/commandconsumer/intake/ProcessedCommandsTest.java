package io.torale.commandconsumer.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.torale.commandconsumer.intake.ProcessedCommands.Processed;
import io.torale.commandconsumer.intake.ProcessedCommands.Source;
import org.junit.jupiter.api.Test;

class ProcessedCommandsTest {

  private static final Source RECORD = new Source("torale.task-commands.v1", 1, 328);

  @Test
  void theSameRecordDeliveredAgainIsARedeliveryAnyOtherIsARepeat() {
    var row = new Processed(new CommandOutcome.Applied(), RECORD, true);
    assertThat(row.redeliveryOf(new Source("torale.task-commands.v1", 1, 328))).isTrue();
    assertThat(row.redeliveryOf(new Source("torale.task-commands.v1", 1, 329))).isFalse();
    assertThat(row.redeliveryOf(new Source("torale.task-commands.v1", 2, 328))).isFalse();
    // The same coordinates on a producer's own topic are another record.
    assertThat(row.redeliveryOf(new Source("torale.task-commands.v1.acme", 1, 328))).isFalse();
  }

  @Test
  void rowsFromBeforeTheSourceColumnsFallBackToThePublishedFlag() {
    assertThat(new Processed(new CommandOutcome.Applied(), null, false).redeliveryOf(RECORD))
        .isTrue();
    assertThat(new Processed(new CommandOutcome.Applied(), null, true).redeliveryOf(RECORD))
        .isFalse();
    var beforeTopics = new Processed(new CommandOutcome.Applied(), new Source(null, 1, 328), true);
    assertThat(beforeTopics.redeliveryOf(RECORD)).isTrue();
  }
}
