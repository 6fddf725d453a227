package io.torale.platform.kafka;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.torale.schemas.RegistrySerdes;
import io.torale.schemas.Topics;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The error policy of every listener, in the spring-kafka reference's terms:
 *
 * <ul>
 *   <li>a record that cannot be read at all (deserialization and conversion failures, which
 *       spring-kafka never retries) goes at once to {@code <topic>-dlt}, same partition, with the
 *       standard exception headers, and the partition goes on;
 *   <li>any other exception is transient by assumption: the record is retried with exponential
 *       backoff (1 s up to 30 s) and never skipped, so a partition waits for Temporal or the
 *       database to come back rather than losing a command.
 * </ul>
 *
 * Business rejections are not exceptions: listeners answer them with a result, not a failure.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
public class DeadLetterConfiguration {

  @Bean
  @ConditionalOnMissingBean(CommonErrorHandler.class)
  DefaultErrorHandler kafkaErrorHandler(KafkaProperties kafka, RegistryProperties registry) {
    var recoverer =
        new DeadLetterPublishingRecoverer(
            deadLetterTemplate(kafka, registry),
            (record, exception) ->
                new TopicPartition(Topics.deadLetter(record.topic()), record.partition()));
    var backOff = new ExponentialBackOff(1_000, 2.0);
    backOff.setMaxInterval(30_000);
    // No maximum elapsed time: a transient failure is retried until it heals.
    return new DefaultErrorHandler(recoverer, backOff);
  }

  /**
   * An unreadable record is forwarded with its original bytes, untouched; a record that was read
   * but could not be handled is written back in Avro. Connection and security settings are Boot's.
   */
  private static KafkaTemplate<Object, Object> deadLetterTemplate(
      KafkaProperties kafka, RegistryProperties registry) {
    Map<String, Object> config = kafka.buildProducerProperties();
    config.putAll(RegistrySerdes.producer(registry.url()));
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    var avro = new AvroKafkaSerializer<>();
    avro.configure(config, false);
    Serializer<Object> values =
        new DelegatingByTypeSerializer(
            Map.of(byte[].class, new ByteArraySerializer(), SpecificRecord.class, avro), true);
    Serializer<Object> keys =
        new DelegatingByTypeSerializer(
            Map.of(byte[].class, new ByteArraySerializer(), String.class, new StringSerializer()));
    return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config, keys, values));
  }
}
