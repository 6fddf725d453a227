package io.torale.commandconsumer.intake;

import io.torale.platform.kafka.DeadLetters;
import java.util.List;
import java.util.function.BiConsumer;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.util.backoff.BackOff;

/**
 * Exactly one visible result per command, with Kafka transactions as the spring-kafka reference
 * describes them. {@code spring.kafka.producer.transaction-id-prefix} makes Boot's producer
 * transactional and gives the listener container a {@code KafkaTransactionManager}: the command
 * records of each poll are handled inside a Kafka transaction, and their results and consumed
 * offsets commit together. Consumers of {@code torale.command-results.v1} read with {@code
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
        new FirstRecordFailed<>(
            DeadLetters.recoverer(template), DeadLetters.forever(), template, true));
  }

  /**
   * No error handler on the command listener's container: a failed batch must roll its transaction
   * back and reach the after-rollback processor. (With the platform's error handler, a batch
   * listener's failure is "handled" inside the open transaction: spring-kafka's fallback re-invokes
   * the whole batch in it and then commits, so a result sent before the failure would be committed
   * next to its re-sent twin.)
   */
  @Bean
  ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>>
      rollBackFailedBatches() {
    return container -> container.setCommonErrorHandler(null);
  }

  /**
   * For the batch listener: {@link TaskCommandListener} lets an exception escape only when the
   * first record of its batch failed (a later failure commits the records before it and polls the
   * failed one again, first). So a rolled-back batch is handled as the failure of its first record,
   * exactly as with one transaction per record: that record is retried with the policy's backoff,
   * and given up on alone (dead-lettered with its offset), the rest of the batch sought back.
   * spring-kafka's own batch handling would dead-letter the whole batch.
   */
  static final class FirstRecordFailed<K, V> extends DefaultAfterRollbackProcessor<K, V> {

    FirstRecordFailed(
        BiConsumer<ConsumerRecord<?, ?>, Exception> recoverer,
        BackOff backOff,
        KafkaOperations<?, ?> template,
        boolean commitRecovered) {
      super(recoverer, backOff, template, commitRecovered);
    }

    @Override
    public void processBatch(
        ConsumerRecords<K, V> records,
        List<ConsumerRecord<K, V>> recordList,
        Consumer<K, V> consumer,
        MessageListenerContainer container,
        Exception exception,
        boolean recoverable,
        ContainerProperties.EOSMode eosMode) {
      process(recordList, consumer, container, exception, true, eosMode);
    }
  }
}
