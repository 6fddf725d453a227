package io.torale.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class PostgresIT {

  @Test
  void databaseIsMigratedWithTheConfiguredFlywayLocations(LocalStack stack) throws Exception {
    try (Connection c =
            DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
        rs.next();
        assertThat(rs.getInt(1)).isPositive();
      }
      try (ResultSet rs = s.executeQuery("SELECT note FROM local_stack_probe WHERE id = 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("migrated by LocalStack");
      }
    }
  }

  @Test
  void springPropertiesPointAtTheStack(LocalStack stack) {
    assertThat(stack.springProperties())
        .containsEntry("spring.datasource.url", stack.jdbcUrl())
        .containsEntry("spring.kafka.bootstrap-servers", stack.kafkaBootstrapServers())
        .containsEntry("torale.registry.url", stack.registryUrl())
        .containsEntry("torale.temporal.target", stack.temporalTarget())
        .containsEntry("torale.temporal.namespace", "default")
        .containsEntry("spring.mail.port", Integer.toString(stack.smtpPort()));
    assertThat(System.getProperty("spring.datasource.url")).isEqualTo(stack.jdbcUrl());
    assertThat(stack.temporalUiUrl()).as("headless in tests").isNull();
  }
}
