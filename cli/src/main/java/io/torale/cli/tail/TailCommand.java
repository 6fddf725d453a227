package io.torale.cli.tail;

import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.torale.cli.Endpoints;
import io.torale.cli.UserFacingException;
import io.torale.schemas.RegistrySerdes;
import io.torale.schemas.Topics;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ./torale tail TOPIC}: one JSON line per record, decoded through the registry. Dead-letter
 * topics hold unreadable bytes, so their values are printed in base64 beside the error headers.
 */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description =
        "Print a topic's records as JSON lines. TOPIC: a full name or commands, results, executions, condition-met, deliveries (add -dlt for a dead-letter topic).")
public final class TailCommand implements Callable<Integer> {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Map<String, String> ALIASES =
      Map.of(
          "commands", Topics.TASK_COMMANDS,
          "results", Topics.COMMAND_RESULTS,
          "executions", Topics.TASK_EXECUTIONS,
          "condition-met", Topics.CONDITION_MET,
          "deliveries", Topics.NOTIFICATION_DELIVERIES);

  @Mixin Endpoints endpoints;

  @Parameters(index = "0", description = "Topic.")
  String topic;

  @Option(names = "--from-beginning", description = "Start at the oldest record instead of now.")
  boolean fromBeginning;

  @Option(
      names = "--max",
      defaultValue = "0",
      description = "Stop after this many records (0: never).")
  long max;

  @Option(
      names = "--idle-exit",
      defaultValue = "0",
      description = "Stop after this many seconds without a record (0: never).")
  long idleExitSeconds;

  @Override
  public Integer call() {
    String name = resolve(topic);
    boolean deadLetter = name.endsWith(Topics.DEAD_LETTER_SUFFIX);
    try (var consumer = new KafkaConsumer<String, Object>(config(deadLetter))) {
      List<TopicPartition> partitions = partitions(consumer, name);
      consumer.assign(partitions);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
      }
      long printed = 0;
      long lastRecord = System.nanoTime();
      while (max == 0 || printed < max) {
        ConsumerRecords<String, Object> records;
        try {
          records = consumer.poll(Duration.ofMillis(500));
        } catch (RecordDeserializationException e) {
          // A record the registry cannot decode (a poison pill; the consumers park it in the
          // dead-letter topic): say where it is, never its bytes (they may hold a secret), go on.
          System.out.println(unreadable(e));
          System.out.flush();
          consumer.seek(e.topicPartition(), e.offset() + 1);
          lastRecord = System.nanoTime();
          printed++;
          continue;
        }
        for (var record : records) {
          System.out.println(line(record, deadLetter));
          System.out.flush();
          lastRecord = System.nanoTime();
          if (++printed == max) {
            break;
          }
        }
        if (idleExitSeconds > 0
            && System.nanoTime() - lastRecord > idleExitSeconds * 1_000_000_000L) {
          break;
        }
      }
    }
    return 0;
  }

  static String unreadable(RecordDeserializationException e) {
    return JSON.createObjectNode()
        .put("topic", e.topicPartition().topic())
        .put("partition", e.topicPartition().partition())
        .put("offset", e.offset())
        .put("unreadable", "not a record of this topic's schema; bytes not shown")
        .toString();
  }

  static String resolve(String topic) {
    String base =
        topic.endsWith(Topics.DEAD_LETTER_SUFFIX)
            ? topic.substring(0, topic.length() - Topics.DEAD_LETTER_SUFFIX.length())
            : topic;
    String full = ALIASES.getOrDefault(base, base);
    return topic.endsWith(Topics.DEAD_LETTER_SUFFIX) ? Topics.deadLetter(full) : full;
  }

  private Map<String, Object> config(boolean deadLetter) {
    Map<String, Object> config = new HashMap<>(RegistrySerdes.consumer(endpoints.registryUrl()));
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.bootstrapServers());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Results are written in Kafka transactions: show only committed ones (one per command).
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // Generic records print as plain JSON; no generated classes needed.
    config.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, false);
    if (deadLetter) {
      config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    }
    return config;
  }

  private List<TopicPartition> partitions(KafkaConsumer<String, Object> consumer, String name) {
    try {
      var infos = consumer.partitionsFor(name, Duration.ofSeconds(10));
      if (infos == null || infos.isEmpty()) {
        throw new UserFacingException("no topic " + name + " on " + endpoints.bootstrapServers());
      }
      return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new UserFacingException(
          "Kafka is not reachable at "
              + endpoints.bootstrapServers()
              + ": start the system with ./torale up, or pass --bootstrap-servers");
    }
  }

  private static String line(ConsumerRecord<String, Object> record, boolean deadLetter) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("topic", record.topic());
    out.put("partition", record.partition());
    out.put("offset", record.offset());
    out.put("key", record.key());
    if (deadLetter) {
      if (record.value() == null) {
        out.put("valueBase64", null);
      } else if (record.topic().startsWith(Topics.TASK_COMMANDS)) {
        // A command's bytes may hold a webhook secret; they cannot be redacted, so they are not
        // printed at all.
        out.put("valueBytes", ((byte[]) record.value()).length);
      } else {
        out.put("valueBase64", Base64.getEncoder().encodeToString((byte[]) record.value()));
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (Header header : record.headers()) {
        if (header.key().startsWith("kafka_dlt-exception")
            || header.key().startsWith("kafka_dlt-original")) {
          headers.put(header.key(), printable(header.value()));
        }
      }
      out.put("headers", headers);
    } else {
      out.put(
          "value",
          record.value() == null ? null : redact(JSON.readTree(record.value().toString())));
    }
    return JSON.writeValueAsString(out);
  }

  /**
   * Replaces every {@code secret} field's value (a webhook's {@code whsec_…}) with {@code ****}.
   */
  static JsonNode redact(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (String name : List.copyOf(object.propertyNames())) {
        JsonNode child = object.get(name);
        if (name.toLowerCase(java.util.Locale.ROOT).contains("secret") && !child.isNull()) {
          object.put(name, "****");
        } else {
          redact(child);
        }
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(TailCommand::redact);
    }
    return node;
  }

  private static String printable(byte[] value) {
    String text = new String(value, java.nio.charset.StandardCharsets.UTF_8);
    return text.chars().allMatch(c -> c >= 9 && c != 0xFFFD)
        ? text
        : Base64.getEncoder().encodeToString(value);
  }
}
