package io.torale.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class RegistrySerdesTest {

  @Test
  void producerWritesContentIdsInThePayloadAndRegistersDereferencedSchemas() {
    var config = RegistrySerdes.producer("http://localhost:8081/");

    assertThat(config)
        .containsEntry("apicurio.registry.url", "http://localhost:8081/apis/registry/v3")
        .containsEntry("apicurio.registry.use-id", "contentId")
        .containsEntry("apicurio.registry.headers.enabled", false)
        .containsEntry("apicurio.registry.auto-register", true)
        .containsEntry("apicurio.registry.dereference-schema", true)
        .containsEntry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class)
        .doesNotContainKey("apicurio.registry.artifact.group-id");
  }

  @Test
  void confluentApiUrlIsUnderCcompat() {
    assertThat(RegistrySerdes.confluentApiUrl("http://registry:8081"))
        .isEqualTo("http://registry:8081/apis/ccompat/v7");
  }
}
