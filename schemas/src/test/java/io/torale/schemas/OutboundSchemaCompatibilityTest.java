package io.torale.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.torale.schemas.v1.CommandResult;
import io.torale.schemas.v1.ConditionMet;
import io.torale.schemas.v1.NotificationDelivery;
import io.torale.schemas.v1.TaskCommand;
import io.torale.schemas.v1.TaskExecuted;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fails the build when a schema change breaks FULL_TRANSITIVE compatibility: the current schema
 * must read data written with every released version, and every released version must read data
 * written with the current one. Released versions live in {@code src/test/resources/released/};
 * when a version ships, add its schema there as {@code <topic>/<n>.avsc}.
 */
class OutboundSchemaCompatibilityTest {

  static final Map<String, Schema> CURRENT =
      Map.of(
          Topics.TASK_COMMANDS, TaskCommand.getClassSchema(),
          Topics.COMMAND_RESULTS, CommandResult.getClassSchema(),
          Topics.TASK_EXECUTIONS, TaskExecuted.getClassSchema(),
          Topics.CONDITION_MET, ConditionMet.getClassSchema(),
          Topics.NOTIFICATION_DELIVERIES, NotificationDelivery.getClassSchema());

  static List<String> topics() {
    return Topics.ALL;
  }

  @ParameterizedTest
  @MethodSource("topics")
  void currentSchemaIsFullyCompatibleWithEveryReleasedVersion(String topic) throws IOException {
    List<Schema> released = releasedVersions(topic);
    assertThat(released).as("released versions of %s", topic).isNotEmpty();
    Schema current = CURRENT.get(topic);
    for (Schema old : released) {
      assertCompatible("current reads " + topic + " v-old", current, old);
      assertCompatible("v-old reads current " + topic, old, current);
    }
  }

  @org.junit.jupiter.api.Test
  void aRequiredFieldWithoutDefaultIsCaughtAsBreaking() {
    Schema current = ConditionMet.getClassSchema();
    String json = current.toString();
    Schema broken =
        new Schema.Parser()
            .parse(json.replaceFirst("\\[", "[{\"name\":\"severity\",\"type\":\"int\"},"));
    var result = SchemaCompatibility.checkReaderWriterCompatibility(broken, current);
    assertThat(result.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
  }

  private static void assertCompatible(String what, Schema reader, Schema writer) {
    var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    assertThat(result.getType())
        .as("%s: %s", what, result.getResult().getIncompatibilities())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  static List<Schema> releasedVersions(String topic) throws IOException {
    List<Schema> schemas = new ArrayList<>();
    for (int version = 1; ; version++) {
      String path = "/released/" + topic + "/" + version + ".avsc";
      try (InputStream in = OutboundSchemaCompatibilityTest.class.getResourceAsStream(path)) {
        if (in == null) {
          return schemas;
        }
        schemas.add(new Schema.Parser().parse(in));
      }
    }
  }
}
