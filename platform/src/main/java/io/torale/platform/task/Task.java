package io.torale.platform.task;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A monitoring task: what to look for ({@code searchQuery}), when it counts ({@code condition}),
 * where the finding comes from ({@link TaskSource}), how often ({@link TaskSchedule}), whom to tell
 * ({@link Notifications}) and when ({@link NotifyBehavior}).
 *
 * <p>{@code searchQuery} and {@code condition} belong to the task, not to one kind of source: a
 * {@link WebPage} without a match is judged against the condition too, and asks the search query as
 * its question when one is given. The record holds a definition as a command describes it, valid or
 * not: the command consumer's rules judge it, so text fields may be null or blank here.
 *
 * @param createdAt set by the database; null on a task not yet stored
 * @param updatedAt set by the database; null on a task not yet stored
 */
public record Task(
    UUID id,
    String name,
    String owner,
    String searchQuery,
    String condition,
    TaskSchedule schedule,
    TaskSource source,
    NotifyBehavior notifyBehavior,
    Notifications notifications,
    Map<String, String> context,
    TaskStatus status,
    Instant createdAt,
    Instant updatedAt) {

  public Task {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(notifyBehavior, "notifyBehavior");
    Objects.requireNonNull(status, "status");
    notifications = notifications == null ? Notifications.NONE : notifications;
    context = context == null ? Map.of() : Map.copyOf(context);
  }

  public Task withStatus(TaskStatus newStatus) {
    return toBuilder().status(newStatus).build();
  }

  /** This task with its webhook secrets left out (null), for readers that must not see them. */
  public Task withoutWebhookSecrets() {
    return toBuilder().notifications(notifications.withoutSecrets()).build();
  }

  /** A builder with the schema's defaults: grounded search, {@code ONCE}, active, no targets. */
  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .id(id)
        .name(name)
        .owner(owner)
        .searchQuery(searchQuery)
        .condition(condition)
        .schedule(schedule)
        .source(source)
        .notifyBehavior(notifyBehavior)
        .notifications(notifications)
        .context(context)
        .status(status)
        .createdAt(createdAt)
        .updatedAt(updatedAt);
  }

  /** Builds a {@link Task}; every field not set keeps the schema's default or null. */
  public static final class Builder {
    private UUID id;
    private String name;
    private String owner;
    private String searchQuery;
    private String condition;
    private TaskSchedule schedule;
    private TaskSource source = new TaskSource.GroundedSearch();
    private NotifyBehavior notifyBehavior = NotifyBehavior.ONCE;
    private Notifications notifications = Notifications.NONE;
    private Map<String, String> context = Map.of();
    private TaskStatus status = TaskStatus.ACTIVE;
    private Instant createdAt;
    private Instant updatedAt;

    private Builder() {}

    public Builder id(UUID id) {
      this.id = id;
      return this;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder owner(String owner) {
      this.owner = owner;
      return this;
    }

    public Builder searchQuery(String searchQuery) {
      this.searchQuery = searchQuery;
      return this;
    }

    public Builder condition(String condition) {
      this.condition = condition;
      return this;
    }

    public Builder schedule(TaskSchedule schedule) {
      this.schedule = schedule;
      return this;
    }

    public Builder source(TaskSource source) {
      this.source = source;
      return this;
    }

    public Builder notifyBehavior(NotifyBehavior notifyBehavior) {
      this.notifyBehavior = notifyBehavior;
      return this;
    }

    public Builder notifications(Notifications notifications) {
      this.notifications = notifications;
      return this;
    }

    public Builder context(Map<String, String> context) {
      this.context = context;
      return this;
    }

    public Builder status(TaskStatus status) {
      this.status = status;
      return this;
    }

    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    public Builder updatedAt(Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    public Task build() {
      return new Task(
          id,
          name,
          owner,
          searchQuery,
          condition,
          schedule,
          source,
          notifyBehavior,
          notifications,
          context,
          status,
          createdAt,
          updatedAt);
    }
  }
}
