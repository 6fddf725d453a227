package io.torale.commandconsumer.intake;

import io.torale.commandconsumer.validation.Rejection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code processed_commands} table: command ids answered so far, with their outcome and the
 * command record they were decided for. A row is written in the same transaction as the task
 * change, so "applied" and "recorded" cannot disagree.
 */
@Repository
class ProcessedCommands {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<List<Rejection>> REASONS = new TypeReference<>() {};

  /** Where a command record sits on {@code torale.task-commands.v1}. */
  record Source(String topic, int partition, long offset) {

    /**
     * The same record: same topic, partition and offset. A row written before topics were stored
     * ({@code topic} null) matches on partition and offset alone.
     */
    boolean sameRecordAs(Source other) {
      return partition == other.partition
          && offset == other.offset
          && (topic == null || other.topic == null || topic.equals(other.topic));
    }
  }

  /**
   * A recorded command.
   *
   * @param source the record it was decided for; null for rows older than this column
   * @param resultPublished for rows without a source: whether the result reached Kafka
   */
  record Processed(CommandOutcome outcome, Source source, boolean resultPublished) {

    /**
     * Whether this is the very record the outcome was decided for, delivered again: its result was
     * written in a transaction that never committed (the offset would have moved past it), so the
     * stored result must be published again.
     */
    boolean redeliveryOf(Source record) {
      return source == null ? !resultPublished : source.sameRecordAs(record);
    }
  }

  private final JdbcClient jdbc;

  ProcessedCommands(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<Processed> find(String commandId) {
    return jdbc.sql(
            """
            SELECT outcome, reasons, detail, result_published, source_topic, source_partition,
                source_offset
            FROM processed_commands WHERE command_id = ?
            """)
        .param(commandId)
        .query(
            (row, n) -> {
              Integer partition = row.getObject("source_partition", Integer.class);
              return new Processed(
                  "APPLIED".equals(row.getString("outcome"))
                      ? new CommandOutcome.Applied(row.getString("detail"))
                      : new CommandOutcome.Rejected(
                          JSON.readValue(row.getString("reasons"), REASONS)),
                  partition == null
                      ? null
                      : new Source(
                          row.getString("source_topic"), partition, row.getLong("source_offset")),
                  row.getBoolean("result_published"));
            })
        .optional();
  }

  void record(
      String commandId, String taskId, String commandType, CommandOutcome outcome, Source source) {
    List<Rejection> reasons =
        outcome instanceof CommandOutcome.Rejected rejected ? rejected.reasons() : List.of();
    jdbc.sql(
            """
            INSERT INTO processed_commands (command_id, task_id, command_type, outcome, reasons,
                detail, source_topic, source_partition, source_offset, result_published)
            VALUES (?, ?, ?, ?, CAST(? AS JSONB), ?, ?, ?, ?, true)
            """)
        .param(commandId)
        .param(taskId)
        .param(commandType)
        .param(outcome instanceof CommandOutcome.Applied ? "APPLIED" : "REJECTED")
        .param(JSON.writeValueAsString(reasons))
        .param(outcome instanceof CommandOutcome.Applied applied ? applied.detail() : null)
        .param(source.topic())
        .param(source.partition())
        .param(source.offset())
        .update();
  }

  /**
   * The command id of the task's latest applied RunTaskNow. Commands of a task are decided one at a
   * time and a run-now is applied only when no run is open, so only this one can still be open.
   */
  Optional<String> lastRunNow(String taskId) {
    return jdbc.sql(
            """
            SELECT command_id FROM processed_commands
            WHERE task_id = ? AND command_type = 'RunTaskNow' AND outcome = 'APPLIED'
            ORDER BY processed_at DESC LIMIT 1
            """)
        .param(taskId)
        .query(String.class)
        .optional();
  }
}
