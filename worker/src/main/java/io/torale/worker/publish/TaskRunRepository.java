package io.torale.worker.publish;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code task_runs} table: one row per run, keyed by execution id. */
@Repository
class TaskRunRepository {

  private final JdbcClient jdbc;

  TaskRunRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Inserts the run, or overwrites it with the same run's final values on a retry. */
  void upsert(RunRecord run) {
    jdbc.sql(
            """
            INSERT INTO task_runs (execution_id, task_id, status, scheduled_at, started_at,
                finished_at, condition_met, changed, notified, answer, error)
            VALUES (:executionId, :taskId, :status, :scheduledAt, :startedAt, :finishedAt,
                :conditionMet, :changed, :notified, :answer, :error)
            ON CONFLICT (execution_id) DO UPDATE SET status = EXCLUDED.status,
                finished_at = EXCLUDED.finished_at, condition_met = EXCLUDED.condition_met,
                changed = EXCLUDED.changed, notified = EXCLUDED.notified,
                answer = EXCLUDED.answer, error = EXCLUDED.error
            """)
        .param("executionId", run.executionId())
        .param("taskId", UUID.fromString(run.taskId()))
        .param("status", run.status())
        .param("scheduledAt", timestamp(run.scheduledAtMillis()))
        .param("startedAt", timestamp(run.startedAtMillis()))
        .param("finishedAt", timestamp(run.finishedAtMillis()))
        .param("conditionMet", run.conditionMet())
        .param("changed", run.changed())
        .param("notified", run.notified())
        .param("answer", run.answer())
        .param("error", run.error())
        .update();
  }

  private static Timestamp timestamp(Long millis) {
    return millis == null ? null : Timestamp.from(Instant.ofEpochMilli(millis));
  }
}
