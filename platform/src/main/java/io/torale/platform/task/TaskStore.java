package io.torale.platform.task;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the {@code tasks} table. {@code command-consumer} writes definitions; the worker
 * reads them and completes {@code ONCE} tasks. Every write is a single statement, so it is atomic
 * on its own; callers that need more open a transaction around it.
 */
public class TaskStore {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<List<StoredTask.WebhookTarget>> WEBHOOKS =
      new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> CONTEXT = new TypeReference<>() {};

  private final JdbcClient jdbc;

  public TaskStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<StoredTask> find(UUID id) {
    return jdbc.sql("SELECT * FROM tasks WHERE id = ?").param(id).query(TaskStore::map).optional();
  }

  /** Tasks in any of the given states, for reconciliation. */
  public List<StoredTask> findByStatus(List<TaskStatus> statuses) {
    return jdbc.sql("SELECT * FROM tasks WHERE status IN (:statuses) ORDER BY created_at")
        .param("statuses", statuses.stream().map(Enum::name).toList())
        .query(TaskStore::map)
        .list();
  }

  /** Inserts the task, or replaces its definition and status when it exists. */
  public void upsert(StoredTask task) {
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
        .param("cron", task.cron())
        .param("timeZone", task.timeZone())
        .param("notifyBehavior", task.notifyBehavior())
        .param("sourceType", task.sourceType())
        .param("sourceUrl", task.sourceUrl())
        .param("cssSelector", task.cssSelector())
        .param("matchType", task.matchType())
        .param("matchPattern", task.matchPattern())
        .param("emails", JSON.writeValueAsString(task.emails()))
        .param("webhooks", JSON.writeValueAsString(task.webhooks()))
        .param("owner", task.owner())
        .param("context", JSON.writeValueAsString(task.context()))
        .param("status", task.status().name())
        .update();
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

  private static StoredTask map(ResultSet row, int rowNum) throws SQLException {
    return new StoredTask(
        row.getObject("id", UUID.class),
        row.getString("name"),
        row.getString("search_query"),
        row.getString("condition"),
        row.getString("cron"),
        row.getString("time_zone"),
        row.getString("notify_behavior"),
        row.getString("source_type"),
        row.getString("source_url"),
        row.getString("css_selector"),
        row.getString("match_type"),
        row.getString("match_pattern"),
        JSON.readValue(row.getString("emails"), STRINGS),
        JSON.readValue(row.getString("webhooks"), WEBHOOKS),
        row.getString("owner"),
        JSON.readValue(row.getString("context"), CONTEXT),
        TaskStatus.valueOf(row.getString("status")),
        instant(row.getTimestamp("created_at")),
        instant(row.getTimestamp("updated_at")));
  }

  private static java.time.Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
