package io.torale.commandconsumer.intake;

import io.torale.platform.kafka.DeadLetters;
import javax.sql.DataSource;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;

/**
 * Exactly one visible result per command, with Kafka transactions as the spring-kafka reference
 * describes them. {@code spring.kafka.producer.transaction-id-prefix} makes Boot's producer
 * transactional and gives the listener container a {@code KafkaTransactionManager}: each command
 * record is handled inside a Kafka transaction, and its result and its consumed offset commit
 * together. Consumers of {@code torale.command-results.v1} read with {@code
 * isolation.level=read_committed} and never see a result whose offset commit did not happen.
 *
 * <p>The prefix must be stable across restarts of one instance and unique among instances: the
 * restarted process's producer then fences the crashed one and aborts its open transaction at once
 * (with a fresh prefix, read_committed readers would wait for the transaction timeout).
 */
@Configuration(proxyBeanMethods = false)
class ResultTransactionConfiguration {

  /**
   * The database's transaction manager, named so the {@code TransactionTemplate} of the command
   * handler and the reconciler keeps using it. Boot would not create it next to the Kafka one.
   */
  @Bean
  @Primary
  JdbcTransactionManager transactionManager(DataSource dataSource) {
    return new JdbcTransactionManager(dataSource);
  }

  /**
   * One producer for results and dead letters, so a dead letter joins the transaction that commits
   * its record's offset: a dead-lettered command is written once, too.
   */
  @Bean
  DefaultKafkaProducerFactoryCustomizer deadLetterCapableSerializers() {
    return factory -> {
      @SuppressWarnings("unchecked")
      var typed = (DefaultKafkaProducerFactory<Object, Object>) factory;
      typed.setKeySerializer(DeadLetters.keys());
      typed.setValueSerializer(DeadLetters.values());
    };
  }

  /**
   * After a rolled-back attempt: the platform's retry policy; a record given up on is written to
   * the dead-letter topic inside a new transaction that also commits its offset.
   */
  @Bean
  AfterRollbackProcessor<Object, Object> afterRollbackProcessor(
      KafkaTemplate<Object, Object> template) {
    return DeadLetters.withRetryPolicy(
        new DefaultAfterRollbackProcessor<>(
            DeadLetters.recoverer(template), DeadLetters.forever(), template, true));
  }
}
