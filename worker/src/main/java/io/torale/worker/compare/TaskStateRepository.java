package io.torale.worker.compare;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code task_state} table: one row per task, written only by the worker. */
@Repository
public class TaskStateRepository {

  private final JdbcClient jdbc;

  public TaskStateRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public TaskState find(UUID taskId) {
    return jdbc.sql(
            "SELECT last_checked_at, last_notified_hash, last_notified_state, last_notified_at"
                + " FROM task_state WHERE task_id = ?")
        .param(taskId)
        .query(
            (row, n) ->
                new TaskState(
                    instant(row.getTimestamp(1)),
                    row.getString(2),
                    row.getString(3),
                    instant(row.getTimestamp(4))))
        .optional()
        .orElse(TaskState.NONE);
  }

  /** Records a check; never moves the check time backwards (a late retry of an older run). */
  public void markChecked(UUID taskId, Instant checkedAt) {
    jdbc.sql(
            """
            INSERT INTO task_state (task_id, last_checked_at) VALUES (?, ?)
            ON CONFLICT (task_id) DO UPDATE SET last_checked_at =
                GREATEST(task_state.last_checked_at, EXCLUDED.last_checked_at)
            """)
        .param(taskId)
        .param(Timestamp.from(checkedAt))
        .update();
  }

  /** Stores the finding a notification carried; the same execution id writes the same values. */
  public void markNotified(
      UUID taskId, String executionId, String hash, String state, Instant notifiedAt) {
    jdbc.sql(
            """
            INSERT INTO task_state (task_id, last_notified_hash, last_notified_state,
                last_notified_at, last_notified_execution_id)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (task_id) DO UPDATE SET last_notified_hash = EXCLUDED.last_notified_hash,
                last_notified_state = EXCLUDED.last_notified_state,
                last_notified_at = EXCLUDED.last_notified_at,
                last_notified_execution_id = EXCLUDED.last_notified_execution_id
            """)
        .param(taskId)
        .param(hash)
        .param(state)
        .param(Timestamp.from(notifiedAt))
        .param(executionId)
        .update();
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
