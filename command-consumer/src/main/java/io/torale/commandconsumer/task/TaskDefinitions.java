package io.torale.commandconsumer.task;

import io.torale.platform.task.StoredTask;
import io.torale.platform.task.StoredTask.WebhookTarget;
import io.torale.platform.task.TaskStatus;
import io.torale.schemas.v1.CreateTask;
import io.torale.schemas.v1.Notifications;
import io.torale.schemas.v1.Source;
import io.torale.schemas.v1.SourceType;
import io.torale.schemas.v1.UpdateTask;
import java.util.List;
import java.util.UUID;

/** Turns the Avro commands into task rows: a new task, or a task with some fields replaced. */
public final class TaskDefinitions {

  private static final String DEFAULT_TIME_ZONE = "UTC";

  private TaskDefinitions() {}

  /** The task a {@code CreateTask} describes, active. */
  public static StoredTask fromCreate(UUID id, CreateTask create) {
    Source source = create.getSource();
    return new StoredTask(
        id,
        create.getName(),
        create.getSearchQuery(),
        create.getCondition(),
        create.getSchedule() == null ? null : create.getSchedule().getCron(),
        timeZone(create.getSchedule()),
        create.getNotifyBehavior() == null ? "ONCE" : create.getNotifyBehavior().name(),
        sourceType(source),
        source == null ? null : source.getUrl(),
        source == null ? null : source.getCssSelector(),
        source == null || source.getMatch() == null ? null : source.getMatch().getType().name(),
        source == null || source.getMatch() == null ? null : source.getMatch().getPattern(),
        emails(create.getNotifications()),
        webhooks(create.getNotifications()),
        create.getOwner(),
        create.getContext(),
        TaskStatus.ACTIVE,
        null,
        null);
  }

  /** {@code task} with the fields present in {@code update} replaced; lists and maps whole. */
  public static StoredTask applyUpdate(StoredTask task, UpdateTask update) {
    Source source = update.getSource();
    boolean newSource = source != null;
    boolean newMatch = newSource && source.getMatch() != null;
    Notifications notifications = update.getNotifications();
    return new StoredTask(
        task.id(),
        or(update.getName(), task.name()),
        or(update.getSearchQuery(), task.searchQuery()),
        or(update.getCondition(), task.condition()),
        update.getSchedule() == null ? task.cron() : update.getSchedule().getCron(),
        update.getSchedule() == null ? task.timeZone() : timeZone(update.getSchedule()),
        update.getNotifyBehavior() == null
            ? task.notifyBehavior()
            : update.getNotifyBehavior().name(),
        newSource ? sourceType(source) : task.sourceType(),
        newSource ? source.getUrl() : task.sourceUrl(),
        newSource ? source.getCssSelector() : task.cssSelector(),
        newSource ? (newMatch ? source.getMatch().getType().name() : null) : task.matchType(),
        newSource ? (newMatch ? source.getMatch().getPattern() : null) : task.matchPattern(),
        notifications == null ? task.emails() : emails(notifications),
        notifications == null ? task.webhooks() : webhooks(notifications),
        or(update.getOwner(), task.owner()),
        update.getContext() == null ? task.context() : update.getContext(),
        task.status(),
        task.createdAt(),
        task.updatedAt());
  }

  /** Whether the schedule (cron or time zone) of the two versions differs. */
  public static boolean scheduleChanged(StoredTask before, StoredTask after) {
    return !before.cron().equals(after.cron()) || !before.timeZone().equals(after.timeZone());
  }

  private static String timeZone(io.torale.schemas.v1.Schedule schedule) {
    return schedule == null || schedule.getTimeZone() == null
        ? DEFAULT_TIME_ZONE
        : schedule.getTimeZone();
  }

  private static String sourceType(Source source) {
    return source == null || source.getType() == null
        ? SourceType.GROUNDED_SEARCH.name()
        : source.getType().name();
  }

  private static List<String> emails(Notifications notifications) {
    return notifications == null || notifications.getEmails() == null
        ? List.of()
        : notifications.getEmails();
  }

  private static List<WebhookTarget> webhooks(Notifications notifications) {
    return notifications == null || notifications.getWebhooks() == null
        ? List.of()
        : notifications.getWebhooks().stream()
            .map(w -> new WebhookTarget(w.getUrl(), w.getSecret()))
            .toList();
  }

  private static String or(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
