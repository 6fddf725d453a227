package io.torale.cli.task;

import io.torale.schemas.v1.DeleteTask;
import io.torale.schemas.v1.PauseTask;
import io.torale.schemas.v1.ResumeTask;
import io.torale.schemas.v1.RunTaskNow;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands that only name a task: pause, resume, delete, run. */
final class LifecycleCommands {

  private LifecycleCommands() {}

  abstract static class Lifecycle implements Callable<Integer> {
    @Mixin TaskCommands.PublishOptions publish;

    @Parameters(index = "0", description = "Task id.")
    String taskId;

    @Option(names = "--reason", description = "Why, for the record.")
    String reason;

    abstract Function<String, Object> payload();

    @Override
    public Integer call() {
      return publish.publish(
          CommandPublisher.envelope(taskId, publish.issuedBy, payload().apply(reason)));
    }
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = "Pause a task's schedule.")
  static final class Pause extends Lifecycle {
    Function<String, Object> payload() {
      return PauseTask::new;
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused task.")
  static final class Resume extends Lifecycle {
    Function<String, Object> payload() {
      return ResumeTask::new;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a task and its schedule.")
  static final class Delete extends Lifecycle {
    Function<String, Object> payload() {
      return DeleteTask::new;
    }
  }

  @Command(name = "run", mixinStandardHelpOptions = true, description = "Run a task once, now.")
  static final class Run extends Lifecycle {
    Function<String, Object> payload() {
      return RunTaskNow::new;
    }
  }
}
