package io.torale.localstack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * A single-node KRaft broker that authenticates every client (SASL/PLAIN over {@code
 * SASL_PLAINTEXT}, users given up front) and authorizes every request with KRaft's {@code
 * StandardAuthorizer}: without an ACL nothing is allowed. {@code admin} is the super user that
 * grants the ACLs. It shows what the per-producer command topics rely on: the broker, not the
 * producer, says who wrote a record.
 *
 * <p>PLAIN keeps passwords in the broker's configuration and sends them in clear over {@code
 * SASL_PLAINTEXT}: fine on loopback in tests; production uses SCRAM or OAUTHBEARER over TLS.
 */
public final class SecuredKafka implements AutoCloseable {

  /** The super user's name. */
  public static final String ADMIN = "admin";

  private final KafkaBroker broker;
  private final Map<String, String> users;

  private SecuredKafka(KafkaBroker broker, Map<String, String> users) {
    this.broker = broker;
    this.users = users;
  }

  /**
   * Starts a secured broker on a free port with a fresh log directory under {@code dataDir}.
   *
   * @param users user name to password; {@code admin} (the super user) is added
   */
  public static SecuredKafka start(Path dataDir, Map<String, String> users) throws Exception {
    Map<String, String> all = new LinkedHashMap<>(users);
    all.putIfAbsent(ADMIN, "admin-" + java.util.UUID.randomUUID());
    int port = Ports.orFree(0);
    StringBuilder jaas =
        new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required")
            .append(" username=\"" + ADMIN + "\" password=\"" + all.get(ADMIN) + "\"");
    all.forEach((user, password) -> jaas.append(" user_" + user + "=\"" + password + "\""));
    jaas.append(';');
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put(
        "listeners",
        "SASL_PLAINTEXT://localhost:"
            + port
            + ",CONTROLLER://localhost:"
            + KafkaBroker.CONTROLLER_PORT);
    overrides.put("advertised.listeners", "SASL_PLAINTEXT://localhost:" + port);
    overrides.put(
        "listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
    overrides.put("inter.broker.listener.name", "SASL_PLAINTEXT");
    overrides.put("sasl.enabled.mechanisms", "PLAIN");
    overrides.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
    overrides.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas.toString());
    overrides.put(
        "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    overrides.put("allow.everyone.if.no.acl.found", "false");
    // The controller listener (loopback, same process) carries no credentials: its requests come
    // from the broker itself, as ANONYMOUS.
    overrides.put("super.users", "User:" + ADMIN + ";User:ANONYMOUS");
    KafkaBroker broker =
        KafkaBroker.start(port, dataDir, overrides, clientConfig(ADMIN, all.get(ADMIN)));
    return new SecuredKafka(broker, Map.copyOf(all));
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /** Client settings (producer, consumer, admin) that log in as {@code user}. */
  public Map<String, Object> clientConfig(String user) {
    String password = users.get(user);
    if (password == null) {
      throw new IllegalArgumentException("no such user: " + user);
    }
    Map<String, Object> config = clientConfig(user, password);
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return config;
  }

  /** The same settings as Spring Boot properties, for a service that logs in as {@code user}. */
  public Map<String, String> springProperties(String user) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("spring.kafka.bootstrap-servers", bootstrapServers());
    properties.put("spring.kafka.security.protocol", "SASL_PLAINTEXT");
    properties.put("spring.kafka.properties.sasl.mechanism", "PLAIN");
    properties.put(
        "spring.kafka.properties.sasl.jaas.config",
        (String) clientConfig(user).get(SaslConfigs.SASL_JAAS_CONFIG));
    return properties;
  }

  private static Map<String, Object> clientConfig(String user, String password) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
    config.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
    config.put(
        SaslConfigs.SASL_JAAS_CONFIG,
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + user
            + "\" password=\""
            + password
            + "\";");
    return config;
  }

  @Override
  public void close() {
    broker.close();
  }
}
