package io.torale.platform.kafka;

import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.torale.schemas.RegistrySerdes;
import io.torale.schemas.Topics;
import io.torale.schemas.TrustedPackages;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * Avro over the schema registry for every producer and consumer Spring Boot builds, and the topics
 * themselves.
 *
 * <p>Delivery guarantees, set here once: producers are idempotent with {@code acks=all}, so a
 * retried send neither duplicates nor reorders records within a partition. Consumers wrap the Avro
 * deserializer in an {@link ErrorHandlingDeserializer}, so an unreadable record reaches the error
 * handler (and the dead-letter topic) instead of failing every poll.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@EnableConfigurationProperties({RegistryProperties.class, TopicProperties.class})
public class KafkaAvroConfiguration {

  KafkaAvroConfiguration() {
    TrustedPackages.trust();
  }

  @Bean
  DefaultKafkaProducerFactoryCustomizer avroProducerCustomizer(RegistryProperties registry) {
    Map<String, Object> config = withAuth(RegistrySerdes.producer(registry.url()), registry);
    // No duplicates or reordering within a partition when a send is retried.
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // A record counts as sent only once every in-sync replica holds it.
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    return factory -> factory.updateConfigs(config);
  }

  @Bean
  DefaultKafkaConsumerFactoryCustomizer avroConsumerCustomizer(RegistryProperties registry) {
    Map<String, Object> config = withAuth(RegistrySerdes.consumer(registry.url()), registry);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
    config.put(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, AvroKafkaDeserializer.class);
    // Offsets are committed by the listener container after processing, never on a timer.
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Read only committed records of transactional producers.
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return factory -> factory.updateConfigs(config);
  }

  @Bean
  @ConditionalOnProperty(name = "torale.topics.create", matchIfMissing = true)
  KafkaAdmin.NewTopics toraleTopics(TopicProperties topics) {
    // A dead-letter topic keeps its source's partition count: records go to the same partition.
    return new KafkaAdmin.NewTopics(
        Topics.ALL.stream()
            .flatMap(name -> java.util.stream.Stream.of(name, Topics.deadLetter(name)))
            .map(
                name ->
                    TopicBuilder.name(name)
                        .partitions(topics.partitions())
                        .replicas(topics.replicationFactor())
                        .build())
            .toArray(org.apache.kafka.clients.admin.NewTopic[]::new));
  }

  private static Map<String, Object> withAuth(
      Map<String, Object> serde, RegistryProperties registry) {
    Map<String, Object> config = new HashMap<>(serde);
    if (registry.username() != null && !registry.username().isBlank()) {
      config.put(SchemaResolverConfig.AUTH_USERNAME, registry.username());
      config.put(SchemaResolverConfig.AUTH_PASSWORD, registry.password());
    }
    return config;
  }
}
