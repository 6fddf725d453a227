package io.torale.platform.task;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Exposes the shared {@link TaskStore} to every service that has a database. */
@AutoConfiguration(after = JdbcClientAutoConfiguration.class)
@ConditionalOnBean(JdbcClient.class)
public class TaskStoreConfiguration {

  @Bean
  @ConditionalOnMissingBean
  TaskStore taskStore(JdbcClient jdbc) {
    return new TaskStore(jdbc);
  }
}
