package io.torale.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.torale.schemas.RegistrySerdes;
import io.torale.schemas.TrustedPackages;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.schemas.v1.CommandResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class KafkaRegistryIT {

  private static final ObjectMapper json = new ObjectMapper();
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void trustGeneratedClasses() {
    TrustedPackages.trust();
  }

  @Test
  void avroRecordRoundTripsThroughKafkaAndIsReadableWithTheConfluentApi(LocalStack stack)
      throws Exception {
    // The same content under two subjects: content ids and global ids part ways from here on.
    String other =
        "{\"type\":\"record\",\"name\":\"Other\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}";
    registerConfluent(stack, "local-stack-other-a-value", other);
    registerConfluent(stack, "local-stack-other-b-value", other);

    String topic = "local-stack-it-" + UUID.randomUUID();
    CommandResult sent =
        CommandResult.newBuilder()
            .setCommandId(UUID.randomUUID().toString())
            .setTaskId("task-1")
            .setCommandType("CreateTask")
            .setOutcome(CommandOutcome.APPLIED)
            .setReasons(List.of())
            .setProcessedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
            .build();

    Map<String, Object> producerConfig =
        new HashMap<>(RegistrySerdes.producer(stack.registryUrl()));
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
    try (KafkaProducer<String, CommandResult> producer = new KafkaProducer<>(producerConfig)) {
      producer.send(new ProducerRecord<>(topic, sent.getTaskId(), sent)).get(30, TimeUnit.SECONDS);
    }

    Map<String, Object> consumerConfig =
        new HashMap<>(RegistrySerdes.consumer(stack.registryUrl()));
    consumerConfig.putAll(consumerBasics(stack, "typed"));
    try (KafkaConsumer<String, CommandResult> consumer = new KafkaConsumer<>(consumerConfig)) {
      assertThat(pollOne(consumer, topic).value()).isEqualTo(sent);
    }

    Map<String, Object> rawConfig = consumerBasics(stack, "raw");
    rawConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    rawConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    byte[] bytes;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(rawConfig)) {
      bytes = pollOne(consumer, topic).value();
    }
    assertThat(bytes[0]).as("magic byte").isZero();
    int id = ByteBuffer.wrap(bytes, 1, 4).getInt();

    JsonNode byId = getJson(stack, "/apis/ccompat/v7/schemas/ids/" + id);
    Schema writerSchema = new Schema.Parser().parse(byId.get("schema").asText());
    assertThat(writerSchema.getFullName()).isEqualTo(CommandResult.getClassSchema().getFullName());
    GenericRecord decoded =
        new GenericDatumReader<GenericRecord>(writerSchema)
            .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
    assertThat(decoded.get("commandId").toString()).isEqualTo(sent.getCommandId());
    assertThat(decoded.get("outcome").toString()).isEqualTo("APPLIED");

    List<String> subjects = new ArrayList<>();
    getJson(stack, "/apis/ccompat/v7/subjects").forEach(node -> subjects.add(node.asText()));
    assertThat(subjects).contains(topic + "-value");
  }

  @Test
  void confluentClientsSeeACompatibilityLevel(LocalStack stack) throws Exception {
    assertThat(getJson(stack, "/apis/ccompat/v7/config").get("compatibilityLevel").asText())
        .isEqualTo("BACKWARD");
  }

  private static Map<String, Object> consumerBasics(LocalStack stack, String group) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "local-stack-it-" + group + "-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return config;
  }

  private static <K, V> ConsumerRecord<K, V> pollOne(KafkaConsumer<K, V> consumer, String topic) {
    consumer.subscribe(List.of(topic));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<K, V> record : consumer.poll(Duration.ofMillis(500))) {
        return record;
      }
    }
    throw new AssertionError("no record on " + topic + " within 30 s");
  }

  private static void registerConfluent(LocalStack stack, String subject, String schema)
      throws Exception {
    String body = json.writeValueAsString(Map.of("schema", schema));
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    stack.registryUrl() + "/apis/ccompat/v7/subjects/" + subject + "/versions"))
            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private static JsonNode getJson(LocalStack stack, String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(stack.registryUrl() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }
}
