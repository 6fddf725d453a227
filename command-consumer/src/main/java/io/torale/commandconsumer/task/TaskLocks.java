package io.torale.commandconsumer.task;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Per-task PostgreSQL advisory locks, held until the surrounding transaction ends. The command
 * handler holds one from before its Temporal call until its database commit, so the reconciler (and
 * a second instance) never sees a half-applied command as drift.
 */
@Component
public class TaskLocks {

  private final JdbcClient jdbc;

  TaskLocks(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Waits for the task's lock; call inside a transaction. */
  public void lock(String taskId) {
    jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(?))").param(taskId).query().listOfRows();
  }
}
