package io.torale.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.torale.localstack.LocalStack;
import io.torale.localstack.LocalStackConfig;
import io.torale.localstack.ServiceSpec;
import io.torale.schemas.secrets.SealedSecrets;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.schemas.v1.CreateTask;
import io.torale.schemas.v1.NotifyBehavior;
import io.torale.schemas.v1.TaskCommand;
import io.torale.schemas.v1.TaskExecuted;
import io.torale.schemas.v1.Webhook;
import io.torale.testsupport.commands.Commands;
import io.torale.testsupport.webhook.Received;
import io.torale.testsupport.webhook.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The secret scan of issue 12's security matrix, on the whole system as {@code ./torale up} runs
 * it. A webhook secret with a known plaintext goes in the way a producer sends it (sealed to the
 * key served at {@code GET /secrets/sealing-key}), a run signs a real webhook with it (the local
 * receiver verifies with the plaintext, so the notifier did decrypt it), a second plaintext secret
 * is sent unsealed (REJECTED), and a poison record carrying the sealed value lands in the commands'
 * dead letters; the webhook's URL carries a token. Then neither plaintext may appear in: any
 * topic's raw bytes (keys, values, headers; dead letters included; read uncommitted, so aborted
 * writes count too), except the refused one on the topic its producer wrote it to; any service's
 * log; any row of any table; {@code ./torale tail} of every topic; the task's Temporal histories.
 * The URL's token may appear only where the producer wrote it (its command topic) and in the task's
 * owner's table (command-consumer's {@code tasks}): never on the events, in the notifier's tables,
 * in a log or in Temporal. Nothing is faked: real services, broker, registry, PostgreSQL and
 * Temporal.
 */
class SecurityMatrixIT extends OutsideTheSystem {

  private static final Duration WAIT = Duration.ofSeconds(120);

  /** The base64 parts: what a leak would contain even with the {@code whsec_} prefix cut off. */
  private static final String KNOWN_BODY =
      Base64.getEncoder()
          .encodeToString(
              ("security-matrix-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));

  private static final String KNOWN = "whsec_" + KNOWN_BODY;
  private static final String REFUSED_BODY =
      Base64.getEncoder()
          .encodeToString(
              ("refused-plaintext-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
  private static final String REFUSED = "whsec_" + REFUSED_BODY;

  /** A token in the webhook URL's path and query, as many receivers' URLs carry one. */
  private static final String URL_TOKEN = "urltok" + UUID.randomUUID().toString().replace("-", "");

  private static WebhookReceiver receiver;
  private static String webhookUrl;
  private static String taskId;
  private static String sealed;
  private static String executionId;

  @BeforeAll
  static void sendTheSecretsThrough() throws Exception {
    receiver = new WebhookReceiver(KNOWN);
    webhookUrl = receiver.url("/hook/" + URL_TOKEN + "?key=" + URL_TOKEN);
    sealed = SealedSecrets.seal(sealingKey(), KNOWN);
    taskId = UUID.randomUUID().toString();
    CreateTask create =
        Commands.webPageTask(
            page.url(),
            "Status: \\w+",
            "0 0 1 1 *",
            NotifyBehavior.ALWAYS,
            "matrix@example.com",
            webhookUrl);
    create.getNotifications().setWebhooks(List.of(new Webhook(webhookUrl, sealed)));
    bus.apply(taskId, create);
    TaskCommand runNow = Commands.envelope(taskId, Commands.runNow());
    assertThat(bus.publishAndAwait(runNow).getOutcome()).isEqualTo(CommandOutcome.APPLIED);
    executionId =
        bus.await(TaskExecuted.class, e -> e.getExecutionId().contains(runNow.getCommandId()), WAIT)
            .getExecutionId();

    Received delivered =
        await()
            .atMost(WAIT)
            .until(() -> receiver.forTask(taskId), list -> !list.isEmpty())
            .getFirst();
    assertThat(delivered.signatureValid())
        .as("signed with the known secret: the notifier decrypted the stored one")
        .isTrue();

    CreateTask plaintext = Commands.validCreate().build();
    plaintext.getNotifications().setWebhooks(List.of(new Webhook(Commands.WEBHOOK_URL, REFUSED)));
    TaskCommand refused = Commands.envelope(UUID.randomUUID().toString(), plaintext);
    assertThat(bus.publishAndAwait(refused).getOutcome()).isEqualTo(CommandOutcome.REJECTED);

    int deadBefore = bus.deadLetters().size();
    bus.publishRaw(taskId, ("not avro " + sealed).getBytes(StandardCharsets.UTF_8));
    await().atMost(WAIT).until(() -> bus.deadLetters().size() > deadBefore);
  }

  @AfterAll
  static void stopTheReceiver() {
    if (receiver != null) {
      receiver.close();
    }
  }

  private static String sealingKey() throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      var response =
          http.send(
              HttpRequest.newBuilder(URI.create(system.adminUrl() + "/secrets/sealing-key"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body().strip();
    }
  }

  @Test
  void noPlaintextSecretOnAnyTopicDeadLettersIncludedAndNoWebhookUrlOnTheEvents() {
    Map<String, String> topics = rawTopics();

    assertThat(topics).containsKeys("torale.task-commands.v1", "torale.task-commands.v1-dlt");
    assertThat(topics.get("torale.task-commands.v1"))
        .as("the scan reads what was sent")
        .contains(sealed);
    assertThat(topics.get("torale.task-commands.v1-dlt")).contains(sealed);
    assertThat(topics.get("torale.task-commands.v1")).contains(URL_TOKEN);
    assertThat(topics.get("torale.condition-met.v1")).contains(taskId);
    topics.forEach(
        (topic, bytes) -> {
          assertThat(bytes).as(topic).doesNotContain(KNOWN_BODY);
          if (!topic.equals("torale.task-commands.v1")) {
            // What a producer wrote (the refused plaintext, the webhook URL) stays where it put
            // it: nothing copies it on, not even into the dead letters or the events.
            assertThat(bytes).as(topic).doesNotContain(REFUSED_BODY).doesNotContain(URL_TOKEN);
          }
        });
  }

  @Test
  void noPlaintextSecretOrAdminTokenInAnyServicesLog() throws Exception {
    for (String name : ServiceSpec.NAMES) {
      String log = Files.readString(system.process(name).logFile());

      assertThat(log).as(name).contains("Started");
      assertThat(log)
          .as(name)
          .doesNotContain(KNOWN_BODY)
          .doesNotContain(REFUSED_BODY)
          .doesNotContain(URL_TOKEN)
          .doesNotContain(ToraleSystem.ADMIN_TOKEN)
          .doesNotContain(ToraleSystem.TASK_API_TOKEN);
    }
  }

  @Test
  void noPlaintextSecretInAnyRowOfAnyTableAndTheUrlOnlyInTheTasksOwnersTable() throws Exception {
    LocalStack stack = system.stack();
    Map<String, String> tables = new HashMap<>();
    try (Connection db =
        DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword())) {
      List<String> names = new ArrayList<>();
      try (ResultSet rows =
          db.createStatement()
              .executeQuery(
                  "SELECT table_schema || '.' || table_name FROM information_schema.tables"
                      + " WHERE table_type = 'BASE TABLE'"
                      + " AND table_schema NOT IN ('pg_catalog', 'information_schema')")) {
        while (rows.next()) {
          names.add(rows.getString(1));
        }
      }
      for (String table : names) {
        StringBuilder text = new StringBuilder();
        try (ResultSet rows =
            db.createStatement().executeQuery("SELECT CAST(t AS TEXT) FROM " + table + " t")) {
          while (rows.next()) {
            text.append(rows.getString(1)).append('\n');
          }
        }
        tables.put(table, text.toString());
      }
    }

    assertThat(tables).containsKeys("command_consumer.tasks", "notifier.deliveries");
    assertThat(tables.get("command_consumer.tasks"))
        .as("the task's secret, stored encrypted, and its webhook URL")
        .contains("tenc_")
        .contains(URL_TOKEN);
    tables.forEach(
        (table, rows) -> {
          assertThat(rows).as(table).doesNotContain(KNOWN_BODY).doesNotContain(REFUSED_BODY);
          if (!table.equals("command_consumer.tasks")) {
            assertThat(rows).as(table).doesNotContain(URL_TOKEN);
          }
        });
  }

  @Test
  void noPlaintextSecretInTailOfAnyTopic() throws Exception {
    for (String topic :
        List.of(
            "commands", "commands-dlt", "results", "executions", "condition-met", "deliveries")) {
      String printed = tail(topic);

      assertThat(printed).as(topic).doesNotContain(KNOWN_BODY).doesNotContain(REFUSED_BODY);
      if (!topic.equals("commands")) {
        assertThat(printed).as(topic).doesNotContain(URL_TOKEN);
      }
      if (topic.equals("commands")) {
        assertThat(printed).as("tail read the commands").contains(taskId);
      }
    }
  }

  @Test
  void noSecretAndNoWebhookUrlInTheTasksTemporalHistories() {
    // The run-now run's workflow id is its execution id (task-{taskId}-now-{commandId}).
    String history =
        system
            .temporal()
            .blockingStub()
            .getWorkflowExecutionHistory(
                GetWorkflowExecutionHistoryRequest.newBuilder()
                    .setNamespace(
                        system.stack().springProperties().get("torale.temporal.namespace"))
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId(executionId))
                    .build())
            .getHistory()
            .toString();

    assertThat(history)
        .contains(taskId)
        .doesNotContain(KNOWN_BODY)
        .doesNotContain("tenc_")
        .doesNotContain(URL_TOKEN);
  }

  /** Every topic but Kafka's own, each as the text of all its records' raw bytes. */
  private static Map<String, String> rawTopics() {
    String servers = system.stack().kafkaBootstrapServers();
    Map<String, String> texts = new HashMap<>();
    List<String> names;
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
      names =
          admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
              .filter(name -> !name.startsWith("_"))
              .toList();
    } catch (Exception e) {
      throw new IllegalStateException("could not list topics", e);
    }
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    // Aborted transactional writes are on disk too: read them.
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (var consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      for (String name : names) {
        List<TopicPartition> partitions =
            consumer.partitionsFor(name).stream()
                .map(p -> new TopicPartition(name, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        StringBuilder text = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
            && System.nanoTime() < deadline) {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
            append(text, record.key());
            append(text, record.value());
            for (Header header : record.headers()) {
              append(text, header.value());
            }
          }
        }
        texts.put(name, text.toString());
      }
    }
    return texts;
  }

  private static void append(StringBuilder text, byte[] bytes) {
    if (bytes != null) {
      text.append(new String(bytes, StandardCharsets.ISO_8859_1)).append('\n');
    }
  }

  /** {@code ./torale tail TOPIC --from-beginning}, run as a user runs it, until it goes idle. */
  private static String tail(String topic) throws Exception {
    Path repo = LocalStackConfig.repositoryRoot();
    Path jar = repo.resolve("cli/target/torale-cli.jar");
    assertThat(jar).as("built by ./mvnw install").exists();
    Path out = Files.createTempFile("tail-" + topic, ".txt");
    Process process =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-jar",
                jar.toString(),
                "tail",
                topic,
                "--from-beginning",
                "--idle-exit",
                "15",
                "--bootstrap-servers",
                system.stack().kafkaBootstrapServers(),
                "--registry-url",
                system.stack().registryUrl())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("tail " + topic + " ends").isTrue();
    assertThat(process.exitValue()).as(Files.readString(out)).isZero();
    return Files.readString(out);
  }
}
