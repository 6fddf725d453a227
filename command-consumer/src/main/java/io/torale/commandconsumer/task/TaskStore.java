package io.torale.commandconsumer.task;

import io.torale.platform.task.MatchType;
import io.torale.platform.task.Notifications;
import io.torale.platform.task.NotifyBehavior;
import io.torale.platform.task.SourceType;
import io.torale.platform.task.Task;
import io.torale.platform.task.TaskSchedule;
import io.torale.platform.task.TaskSource;
import io.torale.platform.task.TaskStatus;
import io.torale.platform.task.TextMatch;
import io.torale.platform.task.WebhookTarget;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the {@code tasks} table, which this service owns: the one mapping between its
 * columns and {@link Task}. Other services reach tasks through the task API ({@code taskapi}).
 * Every write is a single statement, so it is atomic on its own; callers that need more open a
 * transaction around it.
 */
@Component
public class TaskStore {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<List<WebhookTarget>> WEBHOOKS = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> CONTEXT = new TypeReference<>() {};

  private final JdbcClient jdbc;

  TaskStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Task> find(UUID id) {
    return jdbc.sql("SELECT * FROM tasks WHERE id = ?").param(id).query(TaskStore::map).optional();
  }

  /** The tasks of these ids that exist, in no particular order. */
  public List<Task> findAll(List<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("SELECT * FROM tasks WHERE id IN (:ids)")
        .param("ids", ids)
        .query(TaskStore::map)
        .list();
  }

  /** Tasks in any of the given states, for reconciliation. */
  public List<Task> findByStatus(List<TaskStatus> statuses) {
    return jdbc.sql("SELECT * FROM tasks WHERE status IN (:statuses) ORDER BY created_at")
        .param("statuses", statuses.stream().map(Enum::name).toList())
        .query(TaskStore::map)
        .list();
  }

  /**
   * One page of the tasks in any of the given states, in id order after {@code afterId} (keyset
   * paging on the primary key, so a page costs the same however deep the pass is).
   */
  public List<Task> findByStatusPage(List<TaskStatus> statuses, UUID afterId, int limit) {
    return jdbc.sql(
            "SELECT * FROM tasks WHERE status IN (:statuses) AND id > :after ORDER BY id LIMIT :limit")
        .param("statuses", statuses.stream().map(Enum::name).toList())
        .param("after", afterId)
        .param("limit", limit)
        .query(TaskStore::map)
        .list();
  }

  /** Inserts the task, or replaces its definition and status when it exists. */
  public void upsert(Task task) {
    Optional<TaskSource.WebPage> page =
        task.source() instanceof TaskSource.WebPage webPage
            ? Optional.of(webPage)
            : Optional.empty();
    Optional<TextMatch> match = page.map(TaskSource.WebPage::match);
    jdbc.sql(
            """
            INSERT INTO tasks (id, name, search_query, condition, cron, time_zone, notify_behavior,
                source_type, source_url, css_selector, match_type, match_pattern, emails, webhooks,
                owner, context, status)
            VALUES (:id, :name, :searchQuery, :condition, :cron, :timeZone, :notifyBehavior,
                :sourceType, :sourceUrl, :cssSelector, :matchType, :matchPattern,
                CAST(:emails AS JSONB), CAST(:webhooks AS JSONB), :owner, CAST(:context AS JSONB),
                :status)
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name,
                search_query = EXCLUDED.search_query, condition = EXCLUDED.condition,
                cron = EXCLUDED.cron, time_zone = EXCLUDED.time_zone,
                notify_behavior = EXCLUDED.notify_behavior, source_type = EXCLUDED.source_type,
                source_url = EXCLUDED.source_url, css_selector = EXCLUDED.css_selector,
                match_type = EXCLUDED.match_type, match_pattern = EXCLUDED.match_pattern,
                emails = EXCLUDED.emails, webhooks = EXCLUDED.webhooks, owner = EXCLUDED.owner,
                context = EXCLUDED.context, status = EXCLUDED.status, updated_at = now()
            """)
        .param("id", task.id())
        .param("name", task.name())
        .param("searchQuery", task.searchQuery())
        .param("condition", task.condition())
        .param("cron", task.schedule().cron())
        .param("timeZone", task.schedule().timeZone())
        .param("notifyBehavior", task.notifyBehavior().name())
        .param("sourceType", task.source().type().name())
        .param("sourceUrl", page.map(TaskSource.WebPage::url).orElse(null))
        .param("cssSelector", page.map(TaskSource.WebPage::cssSelector).orElse(null))
        .param("matchType", match.map(m -> m.type().name()).orElse(null))
        .param("matchPattern", match.map(TextMatch::pattern).orElse(null))
        .param("emails", JSON.writeValueAsString(task.notifications().emails()))
        .param("webhooks", JSON.writeValueAsString(task.notifications().webhooks()))
        .param("owner", task.owner())
        .param("context", JSON.writeValueAsString(task.context()))
        .param("status", task.status().name())
        .update();
  }

  /**
   * Replaces a task's webhooks if they are still {@code expected} (re-encrypting stored secrets
   * must not undo a concurrent update).
   *
   * @return whether the row changed
   */
  public boolean replaceWebhooks(
      UUID id, List<WebhookTarget> expected, List<WebhookTarget> replacement) {
    return jdbc.sql(
                """
                UPDATE tasks SET webhooks = CAST(:replacement AS JSONB)
                WHERE id = :id AND webhooks = CAST(:expected AS JSONB)
                """)
            .param("id", id)
            .param("expected", JSON.writeValueAsString(expected))
            .param("replacement", JSON.writeValueAsString(replacement))
            .update()
        == 1;
  }

  /**
   * Moves a task to {@code status} unless it is already deleted.
   *
   * @return whether a row changed
   */
  public boolean updateStatus(UUID id, TaskStatus status) {
    return jdbc.sql(
                "UPDATE tasks SET status = ?, updated_at = now() WHERE id = ? AND status <> 'DELETED'")
            .param(status.name())
            .param(id)
            .update()
        == 1;
  }

  private static Task map(ResultSet row, int rowNum) throws SQLException {
    return Task.builder()
        .id(row.getObject("id", UUID.class))
        .name(row.getString("name"))
        .owner(row.getString("owner"))
        .searchQuery(row.getString("search_query"))
        .condition(row.getString("condition"))
        .schedule(new TaskSchedule(row.getString("cron"), row.getString("time_zone")))
        .source(source(row))
        .notifyBehavior(NotifyBehavior.valueOf(row.getString("notify_behavior")))
        .notifications(
            new Notifications(
                JSON.readValue(row.getString("emails"), STRINGS),
                JSON.readValue(row.getString("webhooks"), WEBHOOKS)))
        .context(JSON.readValue(row.getString("context"), CONTEXT))
        .status(TaskStatus.valueOf(row.getString("status")))
        .createdAt(instant(row.getTimestamp("created_at")))
        .updatedAt(instant(row.getTimestamp("updated_at")))
        .build();
  }

  private static TaskSource source(ResultSet row) throws SQLException {
    return switch (SourceType.valueOf(row.getString("source_type"))) {
      case GROUNDED_SEARCH -> new TaskSource.GroundedSearch();
      case WEB_PAGE -> {
        String matchType = row.getString("match_type");
        yield new TaskSource.WebPage(
            row.getString("source_url"),
            row.getString("css_selector"),
            matchType == null
                ? null
                : new TextMatch(MatchType.valueOf(matchType), row.getString("match_pattern")));
      }
    };
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
