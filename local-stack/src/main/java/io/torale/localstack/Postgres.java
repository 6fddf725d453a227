package io.torale.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL from the embedded binaries on Maven Central, with the {@code torale} database and
 * user. Each service creates its own schema and applies its own migrations when it starts; the
 * stack applies only extra locations it is given (tests of the stack itself). The cluster lives
 * under the data directory and is reused across starts.
 */
final class Postgres implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Postgres.class);

  private final EmbeddedPostgres postgres;
  private final Process watchdog;
  private final int port;

  private Postgres(EmbeddedPostgres postgres, Process watchdog, int port) {
    this.postgres = postgres;
    this.watchdog = watchdog;
    this.port = port;
  }

  static Postgres start(int port, Path dataDir, List<String> flywayLocations) throws Exception {
    Path pgData = dataDir.resolve("postgres");
    Files.createDirectories(pgData.getParent());
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setPort(port)
            .setDataDirectory(pgData)
            .setCleanDataDirectory(false)
            // LocalStack stops it; zonky's own hook would race ours.
            .setRegisterShutdownHook(false)
            .setServerConfig("max_connections", "200")
            .setServerConfig("fsync", "off")
            .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
            .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
            .start();
    Postgres db = new Postgres(postgres, watchPostmaster(pgData), port);
    try {
      db.createDatabase();
      db.migrate(flywayLocations);
    } catch (Exception e) {
      db.close();
      throw e;
    }
    return db;
  }

  private static Process watchPostmaster(Path pgData) {
    try {
      long pid =
          Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).getFirst().trim());
      return ChildProcess.watch(pid);
    } catch (Exception e) {
      log.warn("no watchdog for PostgreSQL: it survives an abrupt end of this JVM", e);
      return null;
    }
  }

  private void createDatabase() throws Exception {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery(
              "SELECT 1 FROM pg_roles WHERE rolname = '" + LocalStackConfig.DB_USER + "'")) {
        if (!rs.next()) {
          s.execute(
              "CREATE ROLE "
                  + LocalStackConfig.DB_USER
                  + " LOGIN PASSWORD '"
                  + LocalStackConfig.DB_PASSWORD
                  + "'");
        }
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT 1 FROM pg_database WHERE datname = '" + LocalStackConfig.DB_NAME + "'")) {
        if (!rs.next()) {
          s.execute(
              "CREATE DATABASE " + LocalStackConfig.DB_NAME + " OWNER " + LocalStackConfig.DB_USER);
        }
      }
    }
  }

  private void migrate(List<String> locations) {
    if (locations.isEmpty()) {
      return; // the services migrate their own schemas when they start
    }
    MigrateResult result =
        Flyway.configure()
            .dataSource(jdbcUrl(), LocalStackConfig.DB_USER, LocalStackConfig.DB_PASSWORD)
            .locations(locations.toArray(String[]::new))
            .failOnMissingLocations(false)
            .load()
            .migrate();
    if (result.migrationsExecuted > 0) {
      log.info("PostgreSQL: applied {} migration(s) from {}", result.migrationsExecuted, locations);
    }
  }

  String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port + "/" + LocalStackConfig.DB_NAME;
  }

  @Override
  public void close() throws Exception {
    try {
      postgres.close();
    } finally {
      if (watchdog != null) {
        watchdog.destroyForcibly();
      }
    }
  }
}
