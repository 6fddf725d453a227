package io.torale.commandconsumer.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.torale.commandconsumer.support.ConsumerIT;
import io.torale.localstack.LocalStack;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The migrations in {@code db/migration/command-consumer} (a package of its own: the IT base class
 * depends on {@code task}). This service's tables and Flyway history live in its own schema, and a
 * database of the earlier shared layout (every table in {@code public}, one history) is adopted
 * with its rows.
 */
class OwnSchemaIT extends ConsumerIT {

  private static final String LOCATION = "classpath:db/migration/command-consumer";

  @Test
  void tablesAndMigrationHistoryLiveInTheServicesOwnSchema(LocalStack stack) throws SQLException {
    try (Connection c = connect(stack);
        Statement s = c.createStatement()) {
      assertThat(
              strings(
                  s,
                  "SELECT table_schema || '.' || table_name FROM information_schema.tables"
                      + " WHERE table_name IN ('tasks', 'processed_commands',"
                      + " 'flyway_schema_history') ORDER BY 1"))
          .containsExactly(
              "command_consumer.flyway_schema_history",
              "command_consumer.processed_commands",
              "command_consumer.tasks");
    }
  }

  @Test
  void adoptsTheTablesOfTheSharedLayoutWithTheirRows(LocalStack stack) throws SQLException {
    String schema = "adopted_" + UUID.randomUUID().toString().substring(0, 8);
    String taskId = UUID.randomUUID().toString();
    try (Connection c = connect(stack);
        Statement s = c.createStatement()) {
      // The old layout: the same tables in public, under a history in public.
      migrate(stack, "public");
      s.execute(
          "INSERT INTO public.tasks (id, name, cron, owner) VALUES ('%s', 'kept', '0 9 * * *', 'o')"
              .formatted(taskId));
      try {
        migrate(stack, schema);

        assertThat(
                strings(s, "SELECT name FROM %s.tasks WHERE id = '%s'".formatted(schema, taskId)))
            .containsExactly("kept");
        assertThat(strings(s, "SELECT to_regclass('public.tasks')::text")).containsOnlyNulls();
        assertThat(
                strings(
                    s,
                    ("SELECT version FROM %s.flyway_schema_history"
                            + " WHERE success AND version IS NOT NULL ORDER BY installed_rank")
                        .formatted(schema)))
            .containsExactly("0", "1", "10", "11", "12");
      } finally {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        s.execute("DROP TABLE IF EXISTS public.tasks, public.processed_commands");
        s.execute("DROP TABLE IF EXISTS public.flyway_schema_history");
      }
    }
  }

  private static void migrate(LocalStack stack, String schema) {
    Flyway.configure()
        .dataSource(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword())
        .locations(LOCATION)
        .schemas(schema)
        .defaultSchema(schema)
        .load()
        .migrate();
  }

  private static Connection connect(LocalStack stack) throws SQLException {
    return DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
  }

  private static List<String> strings(Statement s, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }
}
