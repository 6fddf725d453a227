package io.torale.commandconsumer.intake;

import io.torale.commandconsumer.ownership.ProducerAuthorization;
import io.torale.commandconsumer.validation.TaskCommandValidator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IntakeConfiguration {

  @Bean
  ProducerAuthorization producerAuthorization(CommandProperties properties) {
    return new ProducerAuthorization(properties.singleTopic());
  }

  @Bean
  TaskCommandValidator taskCommandValidator(CommandProperties properties) {
    return new TaskCommandValidator(properties.webhookAllowedHosts());
  }
}
