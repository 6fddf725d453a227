package io.torale.commandconsumer.intake;

import io.torale.commandconsumer.validation.Rejection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code processed_commands} table: command ids answered so far, with their outcome. A row is
 * written in the same transaction as the task change, so "applied" and "recorded" cannot disagree.
 */
@Repository
class ProcessedCommands {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<List<Rejection>> REASONS = new TypeReference<>() {};

  /** A recorded command: its outcome, and whether its result reached Kafka. */
  record Processed(CommandOutcome outcome, boolean resultPublished) {}

  private final JdbcClient jdbc;

  ProcessedCommands(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<Processed> find(String commandId) {
    return jdbc.sql(
            "SELECT outcome, reasons, result_published FROM processed_commands WHERE command_id = ?")
        .param(commandId)
        .query(
            (row, n) ->
                new Processed(
                    "APPLIED".equals(row.getString("outcome"))
                        ? new CommandOutcome.Applied()
                        : new CommandOutcome.Rejected(
                            JSON.readValue(row.getString("reasons"), REASONS)),
                    row.getBoolean("result_published")))
        .optional();
  }

  void record(String commandId, String taskId, String commandType, CommandOutcome outcome) {
    List<Rejection> reasons =
        outcome instanceof CommandOutcome.Rejected rejected ? rejected.reasons() : List.of();
    jdbc.sql(
            """
            INSERT INTO processed_commands (command_id, task_id, command_type, outcome, reasons)
            VALUES (?, ?, ?, ?, CAST(? AS JSONB))
            """)
        .param(commandId)
        .param(taskId)
        .param(commandType)
        .param(outcome instanceof CommandOutcome.Applied ? "APPLIED" : "REJECTED")
        .param(JSON.writeValueAsString(reasons))
        .update();
  }

  void markPublished(String commandId) {
    jdbc.sql("UPDATE processed_commands SET result_published = true WHERE command_id = ?")
        .param(commandId)
        .update();
  }
}
