package io.torale.commandconsumer.intake;

import io.torale.commandconsumer.validation.TaskCommandValidator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IntakeConfiguration {

  @Bean
  TaskCommandValidator taskCommandValidator(CommandProperties properties) {
    return new TaskCommandValidator(properties.webhookAllowedHosts());
  }
}
