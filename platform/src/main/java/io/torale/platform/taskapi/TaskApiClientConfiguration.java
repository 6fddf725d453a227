package io.torale.platform.taskapi;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * A {@link TaskApiClient} for the services that read tasks through the command consumer (worker,
 * notifier): those that set {@code torale.task-api.url}.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "torale.task-api", name = "url")
@EnableConfigurationProperties(TaskApiProperties.class)
public class TaskApiClientConfiguration {

  @Bean
  @ConditionalOnMissingBean
  TaskApiClient taskApiClient(TaskApiProperties properties) {
    return new TaskApiClient(properties);
  }
}
