package io.torale.commandconsumer.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torale.localstack.LocalStackExtension;
import io.torale.localstack.SecuredKafka;
import io.torale.schemas.RegistrySerdes;
import io.torale.schemas.Topics;
import io.torale.schemas.TrustedPackages;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.schemas.v1.CommandResult;
import io.torale.schemas.v1.TaskCommand;
import io.torale.testsupport.commands.Commands;
import io.torale.testsupport.kafka.KafkaTopics;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Producer identity on a secured broker: a real KRaft broker with SASL/PLAIN and the {@code
 * StandardAuthorizer} (nothing allowed without an ACL), two producers with their own credentials
 * and an ACL each for writing only their own command topic, and the command-consumer logging in
 * with its own credentials through Boot's {@code spring.kafka.*} properties. The rest of the local
 * stack (registry, Temporal, PostgreSQL) is the shared one.
 */
@ExtendWith(LocalStackExtension.class)
@SpringBootTest(
    properties = {
      "torale.admin.token=secured-broker-it",
      "torale.reconcile.on-startup=false",
      "torale.reconcile.interval=1h",
      "spring.kafka.consumer.properties.metadata.max.age.ms=1000"
    })
@DirtiesContext
class SecuredBrokerIT {

  private static final String SERVICE = "command-consumer";
  private static final String ALPHA = "alpha";
  private static final String BETA = "beta";
  private static final Duration WAIT = Duration.ofSeconds(90);

  private static SecuredKafka kafka;

  @DynamicPropertySource
  static void securedBroker(DynamicPropertyRegistry registry) throws Exception {
    kafka =
        SecuredKafka.start(
            Files.createTempDirectory("torale-secured-kafka"),
            Map.of(
                SERVICE, "cc-" + UUID.randomUUID(),
                ALPHA, "alpha-" + UUID.randomUUID(),
                BETA, "beta-" + UUID.randomUUID()));
    Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
    KafkaTopics.create(
        kafka.clientConfig(SecuredKafka.ADMIN),
        Topics.producerCommands(ALPHA),
        Topics.producerCommands(BETA));
    try (Admin admin = Admin.create(kafka.clientConfig(SecuredKafka.ADMIN))) {
      admin.createAcls(acls()).all().get(30, TimeUnit.SECONDS);
    }
    kafka.springProperties(SERVICE).forEach((key, value) -> registry.add(key, () -> value));
  }

  /**
   * Each producer may write (and describe) its own command topic and nothing else; the service may
   * read every command topic, write its results, create its topics and use its group. Literal
   * patterns for the producers: a prefixed {@code ...v1.alpha} would also grant {@code
   * ...v1.alphabet}.
   */
  private static List<AclBinding> acls() {
    List<AclBinding> acls = new java.util.ArrayList<>();
    for (String producer : List.of(ALPHA, BETA)) {
      for (AclOperation operation : List.of(AclOperation.WRITE, AclOperation.DESCRIBE)) {
        acls.add(
            allow(
                producer,
                new ResourcePattern(
                    ResourceType.TOPIC, Topics.producerCommands(producer), PatternType.LITERAL),
                operation));
      }
    }
    acls.add(
        allow(
            SERVICE,
            new ResourcePattern(ResourceType.TOPIC, "torale.", PatternType.PREFIXED),
            AclOperation.ALL));
    // The listener's id is its consumer group.
    acls.add(
        allow(
            SERVICE,
            new ResourcePattern(ResourceType.GROUP, "task-commands", PatternType.LITERAL),
            AclOperation.READ));
    acls.add(
        allow(
            SERVICE,
            new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "*", PatternType.LITERAL),
            AclOperation.ALL));
    for (AclOperation operation :
        List.of(AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.IDEMPOTENT_WRITE)) {
      acls.add(
          allow(
              SERVICE,
              new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
              operation));
    }
    return acls;
  }

  private static AclBinding allow(String user, ResourcePattern pattern, AclOperation operation) {
    return new AclBinding(
        pattern, new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
  }

  @Test
  void theBrokerRefusesAProducerAnotherProducersTopic() throws Exception {
    try (var beta = producer(BETA)) {
      TaskCommand forged = Commands.create(UUID.randomUUID().toString());
      var send =
          beta.send(
              new ProducerRecord<>(Topics.producerCommands(ALPHA), forged.getTaskId(), forged));

      assertThatThrownBy(() -> send.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
  }

  @Test
  void aProducerCannotActOnAnotherProducersTaskThroughItsOwnTopic() throws Exception {
    String taskId = UUID.randomUUID().toString();
    TaskCommand create = Commands.envelope(taskId, Commands.validCreate().setOwner(ALPHA).build());
    TaskCommand pause = Commands.pause(taskId);
    try (var alpha = producer(ALPHA);
        var beta = producer(BETA);
        var results = results()) {
      alpha
          .send(new ProducerRecord<>(Topics.producerCommands(ALPHA), taskId, create))
          .get(30, TimeUnit.SECONDS);
      assertThat(awaitResult(results, create).getOutcome()).isEqualTo(CommandOutcome.APPLIED);

      beta.send(new ProducerRecord<>(Topics.producerCommands(BETA), taskId, pause))
          .get(30, TimeUnit.SECONDS);

      CommandResult refused = awaitResult(results, pause);
      assertThat(refused.getOutcome()).isEqualTo(CommandOutcome.REJECTED);
      assertThat(refused.getReasons())
          .singleElement()
          .satisfies(r -> assertThat(r.getMessage()).isEqualTo("no task with this id exists"));
    }
  }

  private static KafkaProducer<String, Object> producer(String user) {
    Map<String, Object> config =
        new HashMap<>(RegistrySerdes.producer(LocalStackExtension.stack().registryUrl()));
    config.putAll(kafka.clientConfig(user));
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
    return new KafkaProducer<>(config);
  }

  private static KafkaConsumer<String, Object> results() {
    TrustedPackages.trust();
    Map<String, Object> config =
        new HashMap<>(RegistrySerdes.consumer(LocalStackExtension.stack().registryUrl()));
    config.putAll(kafka.clientConfig(SecuredKafka.ADMIN));
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "secured-broker-it-" + UUID.randomUUID());
    var consumer = new KafkaConsumer<String, Object>(config);
    consumer.subscribe(List.of(Topics.COMMAND_RESULTS));
    return consumer;
  }

  private static CommandResult awaitResult(
      KafkaConsumer<String, Object> results, TaskCommand command) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      for (var record : results.poll(Duration.ofMillis(500))) {
        if (record.value() instanceof CommandResult result
            && result.getCommandId().equals(command.getCommandId())) {
          return result;
        }
      }
    }
    throw new AssertionError("no result for " + command.getCommandId() + " within " + WAIT);
  }
}
