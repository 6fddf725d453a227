package io.torale.localstack;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortInUseIT {

  @Test
  void aTakenPortIsNamedWithItsComponentAndVariable(@TempDir Path dataDir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      LocalStackConfig config =
          LocalStackConfig.forTests().toBuilder()
              .dataDir(dataDir)
              .deleteDataDirOnClose(false)
              .postgresPort(taken.getLocalPort())
              .build();

      assertThatThrownBy(() -> LocalStack.start(config))
          .isInstanceOf(PortInUseException.class)
          .hasMessageContaining("PostgreSQL")
          .hasMessageContaining("port " + taken.getLocalPort())
          .hasMessageContaining("TORALE_POSTGRES_PORT");
    }
  }
}
