package io.torale.platform.health;

import io.temporal.serviceclient.WorkflowServiceStubs;
import io.torale.platform.kafka.KafkaAvroConfiguration;
import io.torale.platform.kafka.RegistryProperties;
import io.torale.platform.temporal.TemporalClientConfiguration;
import io.torale.platform.temporal.TemporalProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Health indicators for the dependencies Boot has none for: {@code kafka}, {@code registry} and
 * {@code temporal} (PostgreSQL is Boot's {@code db}). Each service lists the ones it needs in its
 * readiness group ({@code management.endpoint.health.group.readiness.include}), so an instance that
 * lost one is taken out of rotation but not restarted (liveness stays UP). Each can be turned off
 * with {@code management.health.<name>.enabled=false}.
 */
@AutoConfiguration(after = {TemporalClientConfiguration.class, KafkaAvroConfiguration.class})
@ConditionalOnClass(HealthIndicator.class)
@EnableConfigurationProperties(HealthProperties.class)
public class DependencyHealthConfiguration {

  @Bean
  @ConditionalOnEnabledHealthIndicator("kafka")
  KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin, HealthProperties health) {
    // Boot's admin settings: bootstrap servers, SSL bundle, SASL (spring.kafka.properties.*).
    return new KafkaHealthIndicator(kafkaAdmin.getConfigurationProperties(), health.timeout());
  }

  @Bean
  @ConditionalOnEnabledHealthIndicator("registry")
  RegistryHealthIndicator registryHealthIndicator(
      RegistryProperties registry, HealthProperties health) {
    return new RegistryHealthIndicator(registry, health.timeout());
  }

  @Bean
  @ConditionalOnBean(WorkflowServiceStubs.class)
  @ConditionalOnEnabledHealthIndicator("temporal")
  TemporalHealthIndicator temporalHealthIndicator(
      WorkflowServiceStubs stubs, TemporalProperties temporal, HealthProperties health) {
    return new TemporalHealthIndicator(stubs, temporal, health.timeout());
  }
}
