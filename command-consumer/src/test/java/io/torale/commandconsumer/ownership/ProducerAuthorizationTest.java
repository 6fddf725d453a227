package io.torale.commandconsumer.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import io.torale.commandconsumer.task.TaskDefinitions;
import io.torale.platform.task.Task;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.UpdateTask;
import io.torale.testsupport.commands.Commands;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProducerAuthorizationTest {

  private static final UUID ID = UUID.randomUUID();
  private static final CommandSource ALPHA = new CommandSource.Producer("alpha");
  private static final CommandSource BETA = new CommandSource.Producer("beta");
  private static final Optional<Task> ALPHAS_TASK =
      Optional.of(TaskDefinitions.fromCreate(ID, Commands.validCreate().setOwner("alpha").build()));

  private final ProducerAuthorization authorization = new ProducerAuthorization(true);

  @Test
  void theTopicNamesTheProducer() {
    assertThat(CommandSource.ofTopic(Topics.producerCommands("alpha"))).isEqualTo(ALPHA);
    assertThat(CommandSource.ofTopic(Topics.TASK_COMMANDS))
        .isInstanceOf(CommandSource.SharedTopic.class);
  }

  @Test
  void theSubscriptionPatternTakesProducerTopicsButNoDeadLetters() {
    var pattern = java.util.regex.Pattern.compile(Topics.TASK_COMMANDS_PATTERN);
    assertThat(pattern.matcher(Topics.TASK_COMMANDS).matches()).isTrue();
    assertThat(pattern.matcher("torale.task-commands.v1.alpha").matches()).isTrue();
    assertThat(pattern.matcher("torale.task-commands.v1.alpha-dlt").matches()).isFalse();
    assertThat(pattern.matcher("torale.task-commands.v1-dlt").matches()).isFalse();
    assertThat(pattern.matcher("torale.command-results.v1").matches()).isFalse();
  }

  @Test
  void anotherProducersTaskIsInvisible() {
    assertThat(authorization.visibleTo(BETA, ALPHAS_TASK)).isEmpty();
    assertThat(authorization.visibleTo(ALPHA, ALPHAS_TASK)).isEqualTo(ALPHAS_TASK);
    assertThat(authorization.check(BETA, Commands.pause(ID.toString()), ALPHAS_TASK)).isEmpty();
  }

  @Test
  void aProducerCreatesOnlyInItsOwnNamespace() {
    var foreignOwner =
        Commands.envelope(ID.toString(), Commands.validCreate().setOwner("alpha").build());

    assertThat(authorization.check(BETA, foreignOwner, Optional.empty()))
        .singleElement()
        .satisfies(r -> assertThat(r.field()).isEqualTo("command.owner"));
    assertThat(authorization.check(ALPHA, foreignOwner, Optional.empty())).isEmpty();
  }

  @Test
  void creatingOverAnotherProducersTaskIdSaysOnlyThatTheIdIsTaken() {
    var create = Commands.envelope(ID.toString(), Commands.validCreate().setOwner("beta").build());

    assertThat(authorization.check(BETA, create, ALPHAS_TASK))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.field()).isEqualTo("taskId");
              assertThat(r.message()).doesNotContain("ACTIVE").doesNotContain("alpha");
            });
  }

  @Test
  void updateCannotChangeTheOwnerFromAnyTopic() {
    var steal = Commands.update(ID.toString(), UpdateTask.newBuilder().setOwner("beta").build());

    assertThat(authorization.check(ALPHA, steal, ALPHAS_TASK))
        .singleElement()
        .satisfies(r -> assertThat(r.field()).isEqualTo("command.owner"));
    assertThat(authorization.check(new CommandSource.SharedTopic(), steal, ALPHAS_TASK)).hasSize(1);
    var same = Commands.update(ID.toString(), UpdateTask.newBuilder().setOwner("alpha").build());
    assertThat(authorization.check(ALPHA, same, ALPHAS_TASK)).isEmpty();
  }

  @Test
  void theSingleTopicCanBeTurnedOff() {
    var closed = new ProducerAuthorization(false);

    assertThat(
            closed.check(
                new CommandSource.SharedTopic(), Commands.pause(ID.toString()), ALPHAS_TASK))
        .singleElement()
        .satisfies(r -> assertThat(r.field()).isEqualTo("topic"));
    assertThat(closed.check(ALPHA, Commands.pause(ID.toString()), ALPHAS_TASK)).isEmpty();
  }
}
