package io.torale.platform.kafka;

import io.torale.schemas.RegistrySerdes;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;

/**
 * The error handler of every non-transactional listener: the policy of {@link DeadLetters}, dead
 * letters written by their own idempotent producer. (A transactional listener, such as
 * command-consumer's, uses an after-rollback processor with the same policy instead.)
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
public class DeadLetterConfiguration {

  @Bean
  @ConditionalOnMissingBean(CommonErrorHandler.class)
  DefaultErrorHandler kafkaErrorHandler(KafkaProperties kafka, RegistryProperties registry) {
    return DeadLetters.withRetryPolicy(
        new DefaultErrorHandler(DeadLetters.recoverer(deadLetterTemplate(kafka, registry))));
  }

  private static KafkaTemplate<Object, Object> deadLetterTemplate(
      KafkaProperties kafka, RegistryProperties registry) {
    Map<String, Object> config = kafka.buildProducerProperties();
    config.putAll(RegistrySerdes.producer(registry.url()));
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    // Boot's transaction-id prefix (if any) is for the service's own producer, not this one.
    config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    return new KafkaTemplate<>(
        new DefaultKafkaProducerFactory<>(config, DeadLetters.keys(), DeadLetters.values()));
  }
}
