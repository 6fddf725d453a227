package io.torale.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;

/**
 * Where the local stack listens and keeps its data.
 *
 * <p>A port of {@code 0} means "any free port, chosen at start"; the tests use that so several test
 * JVMs can run at once. {@link #fromEnvironment()} gives the fixed ports of {@code ./torale up}
 * (DESIGN.md), each overridable by an environment variable.
 *
 * @param dataDir every component's data and logs live below it
 * @param wipe delete {@code dataDir} before starting
 * @param deleteDataDirOnClose delete {@code dataDir} when the stack closes (tests)
 * @param temporalUi serve the Temporal Web UI on {@code temporalUiPort}
 * @param temporalBinary the {@code temporal} CLI, or {@code null} to look it up (see {@link
 *     TemporalDevServer})
 * @param toolsDir cache of downloaded tools (the registry's distribution, {@code bin/temporal})
 * @param flywayLocations extra Flyway locations applied to the database's public schema at start;
 *     none by default, because each service applies its own migrations into its own schema when it
 *     starts (as in production), so the stack keeps no second history of them
 */
public record LocalStackConfig(
    int kafkaPort,
    int registryPort,
    int temporalPort,
    int temporalUiPort,
    int postgresPort,
    int smtpPort,
    int imapPort,
    Path dataDir,
    boolean wipe,
    boolean deleteDataDirOnClose,
    boolean temporalUi,
    Path temporalBinary,
    Path toolsDir,
    List<String> flywayLocations) {

  public static final String DB_NAME = "torale";
  public static final String DB_USER = "torale";
  public static final String DB_PASSWORD = "torale";

  /** System property (or env {@code TORALE_FLYWAY_LOCATIONS}) with comma-separated locations. */
  public static final String FLYWAY_LOCATIONS_PROPERTY = "torale.flyway.locations";

  public LocalStackConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(toolsDir, "toolsDir");
    flywayLocations = List.copyOf(flywayLocations);
  }

  /** The configuration of {@code ./torale up}: fixed default ports, data under the repository. */
  public static LocalStackConfig fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  static LocalStackConfig fromEnvironment(Map<String, String> env) {
    Path repo = repositoryRoot();
    Function<String, String> get = env::get;
    return builder()
        .kafkaPort(port(get, Env.KAFKA_PORT, 9092))
        .registryPort(port(get, Env.REGISTRY_PORT, 8081))
        .temporalPort(port(get, Env.TEMPORAL_PORT, 7233))
        .temporalUiPort(port(get, Env.TEMPORAL_UI_PORT, 8233))
        .postgresPort(port(get, Env.POSTGRES_PORT, 15432))
        .smtpPort(port(get, Env.SMTP_PORT, 2525))
        .imapPort(port(get, Env.IMAP_PORT, 2143))
        .dataDir(pathOr(env.get(Env.DATA_DIR), repo.resolve(".torale/data")))
        .toolsDir(pathOr(env.get(Env.TOOLS_DIR), repo.resolve(".tools")))
        .temporalBinary(pathOr(env.get(Env.TEMPORAL_BIN), null))
        .temporalUi(true)
        .flywayLocations(flywayLocations(env))
        .build();
  }

  /**
   * The configuration of the tests: free ports, a fresh temporary data directory deleted at the
   * end, no Temporal UI.
   */
  public static LocalStackConfig forTests() {
    Map<String, String> env = System.getenv();
    Path repo = repositoryRoot();
    try {
      return builder()
          .dataDir(Files.createTempDirectory("torale-local-stack-"))
          .deleteDataDirOnClose(true)
          .toolsDir(pathOr(env.get(Env.TOOLS_DIR), repo.resolve(".tools")))
          .temporalBinary(pathOr(env.get(Env.TEMPORAL_BIN), null))
          .temporalUi(false)
          .flywayLocations(flywayLocations(env))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    return new Builder()
        .kafkaPort(kafkaPort)
        .registryPort(registryPort)
        .temporalPort(temporalPort)
        .temporalUiPort(temporalUiPort)
        .postgresPort(postgresPort)
        .smtpPort(smtpPort)
        .imapPort(imapPort)
        .dataDir(dataDir)
        .wipe(wipe)
        .deleteDataDirOnClose(deleteDataDirOnClose)
        .temporalUi(temporalUi)
        .temporalBinary(temporalBinary)
        .toolsDir(toolsDir)
        .flywayLocations(flywayLocations);
  }

  /**
   * The repository's root: the nearest directory at or above the working directory that holds
   * {@code mvnw}; the working directory if there is none.
   */
  public static Path repositoryRoot() {
    Path cwd = Path.of("").toAbsolutePath();
    for (Path dir = cwd; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw"))) {
        return dir;
      }
    }
    return cwd;
  }

  /** Versions pinned in the parent pom, filtered into this module's resources. */
  static String pinnedVersion(String key) {
    Properties versions = new Properties();
    try (InputStream in = LocalStackConfig.class.getResourceAsStream("versions.properties")) {
      versions.load(Objects.requireNonNull(in, "versions.properties missing"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Objects.requireNonNull(versions.getProperty(key), key);
  }

  private static List<String> flywayLocations(Map<String, String> env) {
    String value = System.getProperty(FLYWAY_LOCATIONS_PROPERTY, env.get(Env.FLYWAY_LOCATIONS));
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static int port(Function<String, String> env, String name, int fallback) {
    String value = env.apply(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "=" + value + " is not a port number (0-65535)");
    }
  }

  private static Path pathOr(String value, Path fallback) {
    return value == null || value.isBlank() ? fallback : Path.of(value).toAbsolutePath();
  }

  /** Environment variables read by {@link #fromEnvironment()}. */
  public static final class Env {
    public static final String KAFKA_PORT = "TORALE_KAFKA_PORT";
    public static final String REGISTRY_PORT = "TORALE_REGISTRY_PORT";
    public static final String TEMPORAL_PORT = "TORALE_TEMPORAL_PORT";
    public static final String TEMPORAL_UI_PORT = "TORALE_TEMPORAL_UI_PORT";
    public static final String POSTGRES_PORT = "TORALE_POSTGRES_PORT";
    public static final String SMTP_PORT = "TORALE_SMTP_PORT";
    public static final String IMAP_PORT = "TORALE_IMAP_PORT";
    public static final String DATA_DIR = "TORALE_DATA_DIR";
    public static final String TOOLS_DIR = "TORALE_TOOLS_DIR";
    public static final String TEMPORAL_BIN = "TORALE_TEMPORAL_BIN";
    public static final String FLYWAY_LOCATIONS = "TORALE_FLYWAY_LOCATIONS";

    private Env() {}
  }

  /** Builds a {@link LocalStackConfig}; ports default to 0 (free port). */
  public static final class Builder {
    private int kafkaPort;
    private int registryPort;
    private int temporalPort;
    private int temporalUiPort;
    private int postgresPort;
    private int smtpPort;
    private int imapPort;
    private Path dataDir;
    private boolean wipe;
    private boolean deleteDataDirOnClose;
    private boolean temporalUi;
    private Path temporalBinary;
    private Path toolsDir = repositoryRoot().resolve(".tools");
    private List<String> flywayLocations = List.of();

    private Builder() {}

    public Builder kafkaPort(int port) {
      this.kafkaPort = port;
      return this;
    }

    public Builder registryPort(int port) {
      this.registryPort = port;
      return this;
    }

    public Builder temporalPort(int port) {
      this.temporalPort = port;
      return this;
    }

    public Builder temporalUiPort(int port) {
      this.temporalUiPort = port;
      return this;
    }

    public Builder postgresPort(int port) {
      this.postgresPort = port;
      return this;
    }

    public Builder smtpPort(int port) {
      this.smtpPort = port;
      return this;
    }

    public Builder imapPort(int port) {
      this.imapPort = port;
      return this;
    }

    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    public Builder wipe(boolean wipe) {
      this.wipe = wipe;
      return this;
    }

    public Builder deleteDataDirOnClose(boolean delete) {
      this.deleteDataDirOnClose = delete;
      return this;
    }

    public Builder temporalUi(boolean enabled) {
      this.temporalUi = enabled;
      return this;
    }

    public Builder temporalBinary(Path binary) {
      this.temporalBinary = binary;
      return this;
    }

    public Builder toolsDir(Path toolsDir) {
      this.toolsDir = toolsDir;
      return this;
    }

    public Builder flywayLocations(List<String> locations) {
      this.flywayLocations = locations;
      return this;
    }

    public LocalStackConfig build() {
      return new LocalStackConfig(
          kafkaPort,
          registryPort,
          temporalPort,
          temporalUiPort,
          postgresPort,
          smtpPort,
          imapPort,
          dataDir,
          wipe,
          deleteDataDirOnClose,
          temporalUi,
          temporalBinary,
          toolsDir,
          flywayLocations);
    }
  }
}
