package io.torale.commandconsumer.validation;

import static io.torale.testsupport.commands.Commands.envelope;
import static io.torale.testsupport.commands.Commands.validCreate;
import static org.assertj.core.api.Assertions.assertThat;

import io.torale.commandconsumer.task.TaskDefinitions;
import io.torale.platform.task.Task;
import io.torale.platform.task.TaskStatus;
import io.torale.schemas.v1.Match;
import io.torale.schemas.v1.MatchType;
import io.torale.schemas.v1.Notifications;
import io.torale.schemas.v1.Schedule;
import io.torale.schemas.v1.Source;
import io.torale.schemas.v1.SourceType;
import io.torale.schemas.v1.TaskCommand;
import io.torale.schemas.v1.UpdateTask;
import io.torale.schemas.v1.Webhook;
import io.torale.testsupport.commands.Commands;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaskCommandValidatorTest {

  private final TaskCommandValidator validator =
      new TaskCommandValidator(List.of("localhost", "127.0.0.1"));
  private final String taskId = UUID.randomUUID().toString();

  private List<Rejection> validateCreate(io.torale.schemas.v1.CreateTask create) {
    return validator.validate(envelope(taskId, create), Optional.empty());
  }

  private static List<String> fields(List<Rejection> reasons) {
    return reasons.stream().map(Rejection::field).toList();
  }

  private Task existing(TaskStatus status) {
    return TaskDefinitions.fromCreate(UUID.fromString(taskId), validCreate().build())
        .withStatus(status);
  }

  @Nested
  class Create {

    @Test
    void acceptsAValidTask() {
      assertThat(validateCreate(validCreate().build())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "0 0 9 * * *",
          "0 9 * *",
          "",
          "@every 1h",
          "61 * * * *",
          "* 24 * * *",
          "* * 0 * *",
          "* * * 13 *",
          "* * * * 8",
          "*/0 * * * *",
          "5-1 * * * *",
          "x * * * *"
        })
    void rejectsBadCron(String cron) {
      var reasons = validateCreate(validCreate().setSchedule(new Schedule(cron, "UTC")).build());
      assertThat(fields(reasons)).containsExactly("command.schedule.cron");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "*/15 * * * *",
          "0 9 * * MON-FRI",
          "0 9,17 1-15 JAN,jul *",
          "30 8 * * 0",
          "0 0 1 */3 *",
          "@daily"
        })
    void acceptsValidCron(String cron) {
      assertThat(validateCreate(validCreate().setSchedule(new Schedule(cron, "UTC")).build()))
          .isEmpty();
    }

    @Test
    void rejectsSixFieldCronWithAReasonNamingFiveFields() {
      var reasons =
          validateCreate(validCreate().setSchedule(new Schedule("0 0 9 * * *", "UTC")).build());
      assertThat(reasons.getFirst().message()).contains("5 fields");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mars/Olympus", "+02:00", "CEST", ""})
    void rejectsUnknownTimeZone(String zone) {
      var reasons =
          validateCreate(validCreate().setSchedule(new Schedule("0 9 * * *", zone)).build());
      assertThat(fields(reasons)).containsExactly("command.schedule.timeZone");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-email", "a@b", "two@@example.com", "sp ace@example.com", ""})
    void rejectsMalformedEmail(String email) {
      var reasons =
          validateCreate(
              validCreate().setNotifications(new Notifications(List.of(email), List.of())).build());
      assertThat(fields(reasons)).containsExactly("command.notifications.emails[0]");
    }

    @Test
    void rejectsPlainHttpWebhookOutsideTheAllowList() {
      var reasons =
          validateCreate(
              validCreate()
                  .setNotifications(
                      new Notifications(
                          List.of(),
                          List.of(
                              new Webhook("https://ok.example.com/a", null),
                              new Webhook("http://hooks.example.com/a", null))))
                  .build());
      assertThat(fields(reasons)).containsExactly("command.notifications.webhooks[1].url");
      assertThat(reasons.getFirst().message()).contains("https");
    }

    @Test
    void acceptsPlainHttpWebhookOnAllowListedHost() {
      var create =
          validCreate()
              .setNotifications(
                  new Notifications(
                      List.of(), List.of(new Webhook("http://localhost:9000/hook", null))))
              .build();
      assertThat(validateCreate(create)).isEmpty();
    }

    @Test
    void rejectsNonHttpWebhook() {
      var create =
          validCreate()
              .setNotifications(
                  new Notifications(List.of(), List.of(new Webhook("ftp://example.com", null))))
              .build();
      assertThat(fields(validateCreate(create)))
          .containsExactly("command.notifications.webhooks[0].url");
    }

    @Test
    void rejectsMissingAndOverlongFieldsOnePerField() {
      var reasons =
          validateCreate(
              validCreate()
                  .setName(" ")
                  .setOwner("o".repeat(201))
                  .setSearchQuery(null)
                  .setCondition("c".repeat(2001))
                  .build());
      assertThat(fields(reasons))
          .containsExactlyInAnyOrder(
              "command.name", "command.owner", "command.searchQuery", "command.condition");
    }

    @Test
    void rejectsOverlongContextValue() {
      var reasons = validateCreate(validCreate().setContext(Map.of("k", "v".repeat(1001))).build());
      assertThat(fields(reasons)).containsExactly("command.context.k");
    }

    @Test
    void webPageWithDeterministicMatchNeedsNoConditionNorQuery() {
      var create =
          validCreate()
              .setSearchQuery(null)
              .setCondition(null)
              .setSource(
                  new Source(
                      SourceType.WEB_PAGE,
                      "https://example.com/news",
                      null,
                      new Match(MatchType.CONTAINS, "release date")))
              .build();
      assertThat(validateCreate(create)).isEmpty();
    }

    @Test
    void webPageNeedsAUrlAndAValidRegex() {
      var create =
          validCreate()
              .setSource(
                  new Source(SourceType.WEB_PAGE, null, null, new Match(MatchType.REGEX, "([")))
              .build();
      assertThat(fields(validateCreate(create)))
          .containsExactlyInAnyOrder("command.source.url", "command.source.match.pattern");
    }

    @Test
    void refusesPageFieldsOnAGroundedSearchInsteadOfDroppingThem() {
      var create =
          validCreate()
              .setSource(
                  new Source(
                      SourceType.GROUNDED_SEARCH,
                      "https://example.com/news",
                      "#news",
                      new Match(MatchType.CONTAINS, "release date")))
              .build();
      assertThat(fields(validateCreate(create)))
          .containsExactly(
              "command.source.url", "command.source.cssSelector", "command.source.match");
    }

    @Test
    void rejectsAnExistingId() {
      var reasons =
          validator.validate(Commands.create(taskId), Optional.of(existing(TaskStatus.ACTIVE)));
      assertThat(fields(reasons)).containsExactly("task");
    }

    @Test
    void rejectsATaskIdThatIsNotAUuid() {
      var reasons = validator.validate(Commands.create("not-a-uuid"), Optional.empty());
      assertThat(fields(reasons)).containsExactly("taskId");
    }
  }

  @Nested
  class Transitions {

    private List<Rejection> validate(TaskCommand command, TaskStatus status) {
      return validator.validate(command, Optional.ofNullable(status).map(s -> existing(s)));
    }

    private Optional<String> alreadyHolds(TaskCommand command, TaskStatus status) {
      return TaskCommandValidator.alreadyHolds(command, Optional.of(existing(status)));
    }

    @Test
    void rejectsCommandsForAnUnknownTask() {
      for (TaskCommand command :
          List.of(
              Commands.pause(taskId),
              Commands.resume(taskId),
              Commands.delete(taskId),
              Commands.runNow(taskId),
              Commands.update(taskId, UpdateTask.newBuilder().setName("x").build()))) {
        assertThat(fields(validate(command, null))).containsExactly("task");
      }
    }

    @Test
    void rejectsCommandsForADeletedTaskButDeleteAgain() {
      assertThat(validate(Commands.delete(taskId), TaskStatus.DELETED)).isEmpty();
      assertThat(validate(Commands.pause(taskId), TaskStatus.DELETED)).hasSize(1);
      assertThat(validate(Commands.resume(taskId), TaskStatus.DELETED)).hasSize(1);
      assertThat(validate(Commands.runNow(taskId), TaskStatus.DELETED)).hasSize(1);
    }

    @Test
    void rejectsPauseAndResumeOfACompletedTask() {
      assertThat(validate(Commands.pause(taskId), TaskStatus.COMPLETED).getFirst().message())
          .contains("completed");
      assertThat(validate(Commands.resume(taskId), TaskStatus.COMPLETED)).hasSize(1);
    }

    @Test
    void acceptsAStateSettingCommandWhoseStateAlreadyHoldsAsNoChange() {
      assertThat(validate(Commands.resume(taskId), TaskStatus.ACTIVE)).isEmpty();
      assertThat(validate(Commands.pause(taskId), TaskStatus.PAUSED)).isEmpty();
      assertThat(alreadyHolds(Commands.resume(taskId), TaskStatus.ACTIVE))
          .contains("the task is already active");
      assertThat(alreadyHolds(Commands.pause(taskId), TaskStatus.PAUSED))
          .contains("the task is already paused");
      assertThat(alreadyHolds(Commands.delete(taskId), TaskStatus.DELETED))
          .contains("the task is already deleted");
      assertThat(alreadyHolds(Commands.pause(taskId), TaskStatus.ACTIVE)).isEmpty();
      assertThat(alreadyHolds(Commands.runNow(taskId), TaskStatus.ACTIVE)).isEmpty();
    }

    @Test
    void acceptsSensibleTransitions() {
      assertThat(validate(Commands.pause(taskId), TaskStatus.ACTIVE)).isEmpty();
      assertThat(validate(Commands.resume(taskId), TaskStatus.PAUSED)).isEmpty();
      assertThat(validate(Commands.runNow(taskId), TaskStatus.ACTIVE)).isEmpty();
      assertThat(validate(Commands.delete(taskId), TaskStatus.PAUSED)).isEmpty();
      assertThat(validate(Commands.delete(taskId), TaskStatus.COMPLETED)).isEmpty();
    }

    @Test
    void validatesTheUpdatedTaskAsAWhole() {
      var update =
          UpdateTask.newBuilder().setSchedule(new Schedule("0 9 * * * *", "Nowhere/Else")).build();
      assertThat(fields(validate(Commands.update(taskId, update), TaskStatus.ACTIVE)))
          .containsExactlyInAnyOrder("command.schedule.cron", "command.schedule.timeZone");
    }
  }
}
