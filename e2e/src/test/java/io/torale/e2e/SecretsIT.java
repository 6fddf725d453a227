package io.torale.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.torale.localstack.ServiceProcess;
import io.torale.localstack.ServiceSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three services as {@code ./torale up} runs them: their secrets (admin token, default webhook
 * secret, database password) reach them through the environment, so none is on a command line any
 * local user can read, and none is written to their logs.
 */
class SecretsIT {

  static ToraleSystem system;

  @BeforeAll
  static void startTheSystem() {
    system = ToraleSystem.get();
  }

  @Test
  void noSecretOnAServicesCommandLine() throws Exception {
    for (String name : ServiceSpec.NAMES) {
      ServiceProcess process = system.process(name);
      String commandLine =
          new String(
                  Files.readAllBytes(Path.of("/proc/" + process.pid() + "/cmdline")),
                  StandardCharsets.UTF_8)
              .replace('\0', ' ');

      assertThat(commandLine).as(name).contains("torale-" + name + ".jar");
      assertThat(commandLine)
          .as(name)
          .doesNotContain(ToraleSystem.ADMIN_TOKEN)
          .doesNotContain(ToraleSystem.WEBHOOK_SECRET)
          .doesNotContain("password");
    }
  }

  @Test
  void noSecretInAServicesLog() throws Exception {
    for (String name : ServiceSpec.NAMES) {
      String log = Files.readString(system.process(name).logFile());

      assertThat(log).as(name).contains("Started");
      assertThat(log)
          .as(name)
          .doesNotContain(ToraleSystem.ADMIN_TOKEN)
          .doesNotContain(ToraleSystem.WEBHOOK_SECRET);
    }
  }
}
