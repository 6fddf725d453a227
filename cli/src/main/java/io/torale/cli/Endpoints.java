package io.torale.cli;

import picocli.CommandLine.Option;

/**
 * Where the running system is, with the local stack's defaults. Each option also reads an
 * environment variable, so a shell pointed at another environment needs no flags.
 */
public final class Endpoints {

  @Option(
      names = "--bootstrap-servers",
      defaultValue = "${env:TORALE_KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
      description =
          "Kafka bootstrap servers (env TORALE_KAFKA_BOOTSTRAP_SERVERS; default ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(
      names = "--registry-url",
      defaultValue = "${env:TORALE_REGISTRY_URL:-http://localhost:8081}",
      description = "Schema registry base URL (env TORALE_REGISTRY_URL; default ${DEFAULT-VALUE}).")
  String registryUrl;

  @Option(
      names = "--admin-url",
      defaultValue = "${env:TORALE_ADMIN_URL:-http://localhost:8080}",
      description = "command-consumer admin API (env TORALE_ADMIN_URL; default ${DEFAULT-VALUE}).")
  String adminUrl;

  @Option(
      names = "--admin-token",
      defaultValue = "${env:TORALE_ADMIN_TOKEN}",
      description =
          "Bearer token of the admin API (env TORALE_ADMIN_TOKEN; `up` writes the local one to .torale/admin-token).")
  String adminToken;

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public String registryUrl() {
    return registryUrl;
  }

  public String adminUrl() {
    return adminUrl;
  }

  /** The admin token: the option, else the one `./torale up` wrote for the local system. */
  public String adminToken() {
    if (adminToken != null && !adminToken.isBlank()) {
      return adminToken;
    }
    return LocalFiles.readAdminToken()
        .orElseThrow(
            () ->
                new UserFacingException(
                    "no admin token: set TORALE_ADMIN_TOKEN or pass --admin-token (./torale up"
                        + " writes the local one to .torale/admin-token)"));
  }
}
