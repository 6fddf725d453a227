package io.torale.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds the written contract to the code: the AsyncAPI document ({@code src/main/asyncapi}) names
 * every topic of {@link Topics}, each message's payload is one of the {@code .avsc} files and
 * carries the record that file defines, every value schema has the {@code taskId} its key is, and
 * the README's contract table says what the document says, word for word.
 */
class AsyncApiContractTest {

  private static final Path ASYNCAPI = Path.of("src/main/asyncapi/torale.asyncapi.yaml");
  private static final Path README = Path.of("../README.md");
  private static final List<String> CONTRACT_FIELDS =
      List.of("key", "ordering", "delivery", "isolation", "retention");

  private static JsonNode document;

  @BeforeAll
  static void read() throws IOException {
    document = new YAMLMapper().readTree(ASYNCAPI.toFile());
  }

  private static Map<String, JsonNode> channelsByAddress() {
    Map<String, JsonNode> channels = new LinkedHashMap<>();
    document.path("channels").forEach(c -> channels.put(c.path("address").asText(), c));
    return channels;
  }

  private static JsonNode resolve(JsonNode node) {
    String ref = node.path("$ref").asText("");
    if (!ref.startsWith("#/")) {
      return node;
    }
    JsonNode target = document;
    for (String part : ref.substring(2).split("/")) {
      target = target.path(part);
    }
    assertThat(target.isMissingNode()).as("%s resolves", ref).isFalse();
    return target;
  }

  @Test
  void isAnAsyncApi3Document() {
    assertThat(document.path("asyncapi").asText()).startsWith("3.");
    document
        .path("operations")
        .forEach(
            op -> assertThat(resolve(op.path("channel")).path("address").asText()).isNotEmpty());
  }

  @Test
  void describesEveryTopicAndTheDeadLetterTopicsThatAreWritten() {
    Set<String> expected = new TreeSet<>(Topics.ALL);
    expected.add(Topics.deadLetter(Topics.TASK_COMMANDS));
    String producerTopic = Topics.PRODUCER_COMMANDS_PREFIX + "{producer}";
    expected.add(producerTopic);
    expected.add(Topics.deadLetter(producerTopic));
    expected.add(Topics.deadLetter(Topics.CONDITION_MET));
    assertThat(channelsByAddress().keySet()).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void eachTopicsPayloadIsAnAvroSchemaFileWhoseRecordHasTheTaskIdKey() throws IOException {
    for (var entry : channelsByAddress().entrySet()) {
      if (entry.getKey().endsWith(Topics.DEAD_LETTER_SUFFIX)) {
        continue;
      }
      for (JsonNode ref : entry.getValue().path("messages")) {
        JsonNode message = resolve(ref);
        JsonNode key = resolve(message.path("bindings").path("kafka").path("key"));
        assertThat(key.path("type").asText()).isEqualTo("string");
        assertThat(key.path("format").asText()).isEqualTo("uuid");
        JsonNode payload = message.path("payload");
        assertThat(payload.path("schemaFormat").asText()).startsWith("application/vnd.apache.avro");
        Path avsc =
            ASYNCAPI.getParent().resolve(payload.path("schema").path("$ref").asText()).normalize();
        assertThat(avsc).as("payload of %s", entry.getKey()).exists();
        Schema schema = parse(avsc);
        assertThat(schema.getName()).isEqualTo(message.path("name").asText());
        assertThat(schema.getField("taskId"))
            .as("%s carries the taskId its key is", schema.getName())
            .isNotNull();
      }
    }
  }

  @Test
  void everyAvroSchemaFileIsThePayloadOfAChannelOrShared() throws IOException {
    Set<String> referenced = new TreeSet<>();
    document
        .path("components")
        .path("messages")
        .forEach(
            m -> {
              String ref = m.path("payload").path("schema").path("$ref").asText("");
              if (!ref.isEmpty()) {
                referenced.add(Path.of(ref).getFileName().toString());
              }
            });
    try (var files = Files.list(Path.of("src/main/avro"))) {
      Set<String> avsc = new TreeSet<>(files.map(p -> p.getFileName().toString()).toList());
      avsc.remove("common.avsc"); // shared types, included by the others
      assertThat(referenced).isEqualTo(avsc);
    }
  }

  @Test
  void theReadmesContractTableSaysWhatTheDocumentSays() throws IOException {
    Map<String, List<String>> readme = readmeTopicTable();
    for (var entry : channelsByAddress().entrySet()) {
      JsonNode contract = entry.getValue().path("x-torale-contract");
      List<String> documented = new ArrayList<>();
      CONTRACT_FIELDS.forEach(field -> documented.add(contract.path(field).asText()));
      assertThat(documented).as("x-torale-contract of %s", entry.getKey()).doesNotContain("");
      assertThat(readme.get(entry.getKey()))
          .as("README contract row of %s", entry.getKey())
          .isEqualTo(documented);
    }
    assertThat(readme.keySet()).containsExactlyInAnyOrderElementsOf(channelsByAddress().keySet());
  }

  /** Rows of the README table under "### Topics" of "## Contract": topic → the five columns. */
  private static Map<String, List<String>> readmeTopicTable() throws IOException {
    List<String> lines = Files.readAllLines(README);
    int start = lines.indexOf("<!-- contract:topics -->");
    assertThat(start).as("README marks its topic contract table").isNotNegative();
    Map<String, List<String>> rows = new HashMap<>();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.isBlank() && !rows.isEmpty()) {
        break;
      }
      if (!line.startsWith("| `")) {
        continue;
      }
      String[] cells = line.substring(1, line.length() - 1).split("\\|");
      List<String> values = new ArrayList<>();
      for (int i = 1; i < cells.length; i++) {
        values.add(cells[i].trim());
      }
      rows.put(cells[0].trim().replace("`", ""), values);
    }
    return rows;
  }

  private static Schema parse(Path avsc) throws IOException {
    // The value schemas use the shared types of common.avsc: parse it first, as the build does.
    var parser = new Schema.Parser();
    parser.parse(Path.of("src/main/avro/common.avsc").toFile());
    return parser.parse(avsc.toFile());
  }
}
