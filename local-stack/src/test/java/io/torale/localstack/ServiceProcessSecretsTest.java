package io.torale.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service's properties (secrets among them) reach its process through the environment, never
 * through its command line, which any local user can read. The child is a real JVM started by
 * {@link ServiceProcess} from a real executable jar; only its main class is a stand-in that echoes
 * what it received instead of starting Spring.
 */
class ServiceProcessSecretsTest {

  private static final String ADMIN_TOKEN = "admin-" + java.util.UUID.randomUUID();
  private static final String WEBHOOK_SECRET = "whsec_c2VjcmV0LWZvci10ZXN0LW9ubHk=";

  @Test
  void secretsAreInTheEnvironmentNotOnTheCommandLine(@TempDir Path dir) throws Exception {
    Path jar = echoJar(dir);
    var spec = new ServiceSpec("echo", jar, 18_999);
    Map<String, String> properties =
        Map.of(
            "torale.admin.token", ADMIN_TOKEN,
            "torale.webhooks.default-secret", WEBHOOK_SECRET,
            "spring.datasource.password", "db \"quoted\" \\ secret");

    try (ServiceProcess process = ServiceProcess.start(spec, properties, dir.resolve("logs"))) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.exists(process.logFile()) && process.logTail(5).contains("ready"));

      String commandLine =
          new String(
                  Files.readAllBytes(Path.of("/proc/" + process.pid() + "/cmdline")),
                  StandardCharsets.UTF_8)
              .replace('\0', ' ');
      assertThat(commandLine).contains(jar.toString());
      assertThat(commandLine)
          .doesNotContain(ADMIN_TOKEN)
          .doesNotContain(WEBHOOK_SECRET)
          .doesNotContain("secret");
      assertThat(ProcessHandle.of(process.pid()).orElseThrow().info().arguments().orElseThrow())
          .noneMatch(argument -> argument.contains(ADMIN_TOKEN));

      String log = process.logTail(5);
      assertThat(log)
          .contains("args=\n")
          .contains("\"torale.admin.token\":\"" + ADMIN_TOKEN + "\"");
      assertThat(log).contains("\"spring.datasource.password\":\"db \\\"quoted\\\" \\\\ secret\"");
      assertThat(log).contains("\"server.port\":\"18999\"");
    }
  }

  /** An executable jar whose main class comes from this module's test classes. */
  private static Path echoJar(Path dir) throws Exception {
    Path classes =
        Path.of(
            EchoPropertiesMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest
        .getMainAttributes()
        .put(Attributes.Name.MAIN_CLASS, EchoPropertiesMain.class.getName());
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classes.toUri().toString());
    Path jar = dir.resolve("echo.jar");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream ignored = new JarOutputStream(out, manifest)) {
      // the manifest is the whole jar
    }
    return jar;
  }
}
