package io.torale.platform.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

class TransientFailuresTest {

  @Test
  void temporalOutagesAreTransientItsRefusalsAreNot() {
    for (Status status :
        new Status[] {
          Status.UNAVAILABLE, Status.DEADLINE_EXCEEDED, Status.RESOURCE_EXHAUSTED, Status.ABORTED
        }) {
      assertThat(TransientFailures.isTransient(wrapped(new StatusRuntimeException(status))))
          .as("%s", status.getCode())
          .isTrue();
    }
    for (Status status :
        new Status[] {
          Status.INVALID_ARGUMENT, Status.FAILED_PRECONDITION, Status.NOT_FOUND, Status.INTERNAL
        }) {
      assertThat(TransientFailures.isTransient(wrapped(new StatusRuntimeException(status))))
          .as("%s", status.getCode())
          .isFalse();
    }
  }

  @Test
  void lostDatabaseConnectionsAndRetriableKafkaErrorsAreTransient() {
    assertThat(TransientFailures.isTransient(new CannotGetJdbcConnectionException("down")))
        .isTrue();
    assertThat(TransientFailures.isTransient(new SQLTransientConnectionException("gone"))).isTrue();
    assertThat(TransientFailures.isTransient(new SQLException("conn", "08006"))).isTrue();
    assertThat(TransientFailures.isTransient(new SQLException("deadlock", "40P01"))).isTrue();
    assertThat(TransientFailures.isTransient(wrapped(new ConnectException("refused")))).isTrue();
    assertThat(TransientFailures.isTransient(new TimeoutException("send timed out"))).isTrue();
  }

  @Test
  void bugsAndBadDataAreNot() {
    assertThat(TransientFailures.isTransient(new IllegalStateException("bug"))).isFalse();
    assertThat(TransientFailures.isTransient(new NullPointerException())).isFalse();
    assertThat(TransientFailures.isTransient(new SQLException("unique", "23505"))).isFalse();
    assertThat(TransientFailures.isTransient(new DataIntegrityViolationException("dup"))).isFalse();
  }

  private static RuntimeException wrapped(Throwable cause) {
    return new RuntimeException("listener failed", new IllegalStateException("call", cause));
  }
}
