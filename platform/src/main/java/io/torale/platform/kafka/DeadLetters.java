package io.torale.platform.kafka;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.torale.platform.failure.TransientFailures;
import io.torale.schemas.Topics;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.FailedRecordProcessor;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The one failure policy of every listener, shared by the plain error handler and the transactional
 * after-rollback processor:
 *
 * <ul>
 *   <li>a record that cannot be read at all (deserialization and conversion failures, which
 *       spring-kafka never retries) goes at once to {@code <topic>-dlt}, same partition, with the
 *       standard exception headers, and the partition goes on;
 *   <li>a {@linkplain TransientFailures transient} failure (a dependency down or slow) is retried
 *       with exponential backoff, 1 s up to 30 s, for as long as it takes: the record is fine;
 *   <li>any other exception (a bug, or a record the code cannot handle) gets {@value
 *       #OTHER_FAILURE_RETRIES} retries, then goes to {@code <topic>-dlt} with the exception in its
 *       headers, so one bad record never blocks its partition for good.
 * </ul>
 *
 * Business rejections, including Temporal's permanent refusals, are not exceptions: listeners
 * answer them with a result.
 */
public final class DeadLetters {

  static final int OTHER_FAILURE_RETRIES = 3;

  private DeadLetters() {}

  /** Writes a failed record to {@code <topic>-dlt}, same partition, through {@code template}. */
  public static DeadLetterPublishingRecoverer recoverer(KafkaOperations<?, ?> template) {
    return new DeadLetterPublishingRecoverer(
        template,
        (record, exception) ->
            new TopicPartition(Topics.deadLetter(record.topic()), record.partition()));
  }

  /** Applies the retry policy above to an error handler or after-rollback processor. */
  public static <T extends FailedRecordProcessor> T withRetryPolicy(T processor) {
    processor.setBackOffFunction(DeadLetters::backOff);
    // A failure of another kind starts its own count (e.g. a bug surfacing after an outage).
    processor.setResetStateOnExceptionChange(true);
    return processor;
  }

  /** 1 s, doubling up to 30 s, without end: for failures that heal by waiting. */
  public static BackOff forever() {
    var forever = new ExponentialBackOff(1_000, 2.0);
    forever.setMaxInterval(30_000);
    return forever;
  }

  static BackOff backOff(ConsumerRecord<?, ?> record, Exception exception) {
    if (TransientFailures.isTransient(exception)) {
      return forever();
    }
    var few = new ExponentialBackOffWithMaxRetries(OTHER_FAILURE_RETRIES);
    few.setInitialInterval(1_000);
    few.setMultiplier(2.0);
    few.setMaxInterval(30_000);
    return few;
  }

  /**
   * Values as dead letters need them: an unreadable record is forwarded with its original bytes,
   * untouched; a record that was read is written in Avro. Keys are strings or original bytes.
   */
  public static Serializer<Object> values() {
    // Configured (with the registry settings) by the producer factory that is given it.
    return new DelegatingByTypeSerializer(
        Map.of(
            byte[].class,
            new ByteArraySerializer(),
            SpecificRecord.class,
            new AvroKafkaSerializer<>()),
        true);
  }

  public static Serializer<Object> keys() {
    return new DelegatingByTypeSerializer(
        Map.of(byte[].class, new ByteArraySerializer(), String.class, new StringSerializer()));
  }
}
