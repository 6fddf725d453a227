package io.torale.commandconsumer.task;

import io.torale.platform.task.MatchType;
import io.torale.platform.task.Notifications;
import io.torale.platform.task.NotifyBehavior;
import io.torale.platform.task.Task;
import io.torale.platform.task.TaskSchedule;
import io.torale.platform.task.TaskSource;
import io.torale.platform.task.TaskSource.GroundedSearch;
import io.torale.platform.task.TaskSource.WebPage;
import io.torale.platform.task.TextMatch;
import io.torale.platform.task.WebhookTarget;
import io.torale.schemas.v1.CreateTask;
import io.torale.schemas.v1.Match;
import io.torale.schemas.v1.Schedule;
import io.torale.schemas.v1.Source;
import io.torale.schemas.v1.SourceType;
import io.torale.schemas.v1.UpdateTask;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The one mapping from the Avro commands to {@link Task}: a new task, or a task with some fields
 * replaced. Absent optional fields take the schema's defaults. A source's url, selector and match
 * are only read for a {@code WEB_PAGE}; the validator refuses them on a grounded search, so nothing
 * a command says is dropped silently.
 */
public final class TaskDefinitions {

  private TaskDefinitions() {}

  /** The task a {@code CreateTask} describes, active. */
  public static Task fromCreate(UUID id, CreateTask create) {
    return Task.builder()
        .id(id)
        .name(create.getName())
        .owner(create.getOwner())
        .searchQuery(create.getSearchQuery())
        .condition(create.getCondition())
        .schedule(schedule(create.getSchedule()))
        .source(source(create.getSource()))
        .notifyBehavior(
            create.getNotifyBehavior() == null
                ? NotifyBehavior.ONCE
                : NotifyBehavior.valueOf(create.getNotifyBehavior().name()))
        .notifications(notifications(create.getNotifications()))
        .context(create.getContext())
        .build();
  }

  /** {@code task} with the fields present in {@code update} replaced; lists and maps whole. */
  public static Task applyUpdate(Task task, UpdateTask update) {
    Task.Builder updated = task.toBuilder();
    if (update.getName() != null) {
      updated.name(update.getName());
    }
    if (update.getOwner() != null) {
      updated.owner(update.getOwner());
    }
    if (update.getSearchQuery() != null) {
      updated.searchQuery(update.getSearchQuery());
    }
    if (update.getCondition() != null) {
      updated.condition(update.getCondition());
    }
    if (update.getSchedule() != null) {
      updated.schedule(schedule(update.getSchedule()));
    }
    if (update.getSource() != null) {
      updated.source(source(update.getSource()));
    }
    if (update.getNotifyBehavior() != null) {
      updated.notifyBehavior(NotifyBehavior.valueOf(update.getNotifyBehavior().name()));
    }
    if (update.getNotifications() != null) {
      updated.notifications(notifications(update.getNotifications()));
    }
    if (update.getContext() != null) {
      updated.context(update.getContext());
    }
    return updated.build();
  }

  /** Whether the schedule (cron or time zone) of the two versions differs. */
  public static boolean scheduleChanged(Task before, Task after) {
    return !Objects.equals(before.schedule(), after.schedule());
  }

  private static TaskSchedule schedule(Schedule schedule) {
    if (schedule == null) {
      return TaskSchedule.utc(null); // the rules then reject the missing cron
    }
    return new TaskSchedule(
        schedule.getCron(),
        schedule.getTimeZone() == null ? TaskSchedule.DEFAULT_TIME_ZONE : schedule.getTimeZone());
  }

  private static TaskSource source(Source source) {
    if (source == null || source.getType() != SourceType.WEB_PAGE) {
      return new GroundedSearch();
    }
    return new WebPage(source.getUrl(), source.getCssSelector(), match(source.getMatch()));
  }

  private static TextMatch match(Match match) {
    return match == null
        ? null
        : new TextMatch(
            match.getType() == null ? null : MatchType.valueOf(match.getType().name()),
            match.getPattern());
  }

  private static Notifications notifications(io.torale.schemas.v1.Notifications notifications) {
    if (notifications == null) {
      return Notifications.NONE;
    }
    List<WebhookTarget> webhooks =
        notifications.getWebhooks() == null
            ? List.of()
            : notifications.getWebhooks().stream()
                .map(w -> new WebhookTarget(w.getUrl(), w.getSecret()))
                .toList();
    return new Notifications(notifications.getEmails(), webhooks);
  }
}
