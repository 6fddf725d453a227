package io.torale.schemas;

import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.apicurio.registry.serde.kafka.config.KafkaSerdeConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one place that configures the schema-registry serde for Torale's topics.
 *
 * <p>Records go on the wire in the registry-prefixed format that Confluent-protocol clients read:
 * magic byte {@code 0}, a 4-byte big-endian schema id, then Avro binary. The id is Apicurio's
 * content id, which is the id the registry's Confluent-compatible API ({@code
 * /apis/ccompat/v7/schemas/ids/{id}}) serves, so a client in another language needs nothing but the
 * registry URL. Subjects follow the topic-name strategy ({@code <topic>-value}) in the default
 * group (a group would hide the subject from the Confluent API).
 */
public final class RegistrySerdes {

  /** Path of Apicurio's native v3 API, relative to the registry's base URL. */
  public static final String NATIVE_API_PATH = "/apis/registry/v3";

  /** Path of the Confluent-compatible API, relative to the registry's base URL. */
  public static final String CONFLUENT_API_PATH = "/apis/ccompat/v7";

  private RegistrySerdes() {}

  /**
   * Serde settings shared by producers and consumers.
   *
   * @param registryBaseUrl the registry's base URL, e.g. {@code http://localhost:8081}
   */
  public static Map<String, Object> common(String registryBaseUrl) {
    Map<String, Object> config = new HashMap<>();
    config.put(SerdeConfig.REGISTRY_URL, nativeApiUrl(registryBaseUrl));
    // Content ids are what the Confluent-compatible API serves as schema ids.
    config.put(SerdeConfig.USE_ID, "contentId");
    // The id travels in the payload (Confluent layout), not in Kafka headers.
    config.put(KafkaSerdeConfig.ENABLE_HEADERS, false);
    config.put(AvroSerdeConfig.AVRO_ENCODING, AvroSerdeConfig.AVRO_ENCODING_BINARY);
    return config;
  }

  /** Value-serializer settings for a producer of Avro records; keys are task-id strings. */
  public static Map<String, Object> producer(String registryBaseUrl) {
    Map<String, Object> config = common(registryBaseUrl);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class);
    // A producer registers its schema on first use, so a fresh registry needs no set-up step.
    config.put(SchemaResolverConfig.AUTO_REGISTER_ARTIFACT, true);
    // Nested types are registered inline, not as referenced subjects: a Confluent client's
    // compatibility check against a schema with references fails.
    config.put(SchemaResolverConfig.DEREFERENCE_SCHEMA, true);
    return config;
  }

  /** Value-deserializer settings for a consumer that decodes into the generated classes. */
  public static Map<String, Object> consumer(String registryBaseUrl) {
    Map<String, Object> config = common(registryBaseUrl);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class);
    config.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
    return config;
  }

  /** Apicurio's native API URL for a registry base URL (trailing slashes tolerated). */
  public static String nativeApiUrl(String registryBaseUrl) {
    return stripTrailingSlash(registryBaseUrl) + NATIVE_API_PATH;
  }

  /** The Confluent-compatible API URL for a registry base URL. */
  public static String confluentApiUrl(String registryBaseUrl) {
    return stripTrailingSlash(registryBaseUrl) + CONFLUENT_API_PATH;
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
