package io.torale.notifier.intake;

import io.torale.notifier.delivery.Dispatcher;
import io.torale.platform.tracing.TraceContexts;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.ConditionMet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code torale.condition-met.v1} a poll at a time. It only records the events'
 * deliveries, all of a poll in one transaction, and returns, so a slow endpoint never holds up a
 * partition; the {@link Dispatcher} delivers them. Offsets are committed after the transaction, so
 * a crash in between redelivers the records, which the deliveries' primary key turns into a no-op.
 * A database outage throws and the whole poll is retried by the platform's error handler.
 *
 * <p>A batch listener sees unreadable records (value null, the {@code ErrorHandlingDeserializer}'s
 * exception in a header) itself: the records before it are recorded, then it throws {@link
 * BatchListenerFailedException} for it, so the error handler commits those, sends the unreadable
 * one to {@code <topic>-dlt} (deserialization failures are never retried) and re-seeks the rest.
 */
@Component
class ConditionMetListener {

  private static final Logger log = LoggerFactory.getLogger(ConditionMetListener.class);
  private static final LogAccessor LOG_ACCESSOR = new LogAccessor(ConditionMetListener.class);

  private final Fanout fanout;
  private final Dispatcher dispatcher;

  ConditionMetListener(Fanout fanout, Dispatcher dispatcher) {
    this.fanout = fanout;
    this.dispatcher = dispatcher;
  }

  @KafkaListener(id = "notifier-fanout", topics = Topics.CONDITION_MET, batch = "true")
  void onConditionMet(List<ConsumerRecord<String, ConditionMet>> records) {
    List<Fanout.Intake> events = new ArrayList<>(records.size());
    BatchListenerFailedException unreadable = null;
    for (int i = 0; i < records.size(); i++) {
      ConsumerRecord<String, ConditionMet> record = records.get(i);
      if (record.value() == null) {
        DeserializationException cause =
            SerializationUtils.getExceptionFromHeader(
                record, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG_ACCESSOR);
        if (cause != null) {
          unreadable =
              new BatchListenerFailedException(
                  "Unreadable record at "
                      + record.topic()
                      + "-"
                      + record.partition()
                      + "@"
                      + record.offset(),
                  cause,
                  i);
          break;
        }
        log.warn(
            "Skipping a record without a value at {}-{}@{}",
            record.topic(),
            record.partition(),
            record.offset());
        continue;
      }
      events.add(new Fanout.Intake(record.value(), traceparent(record)));
    }
    if (!events.isEmpty()) {
      int inserted = fanout.record(events);
      log.info("{} events: {} new deliveries", events.size(), inserted);
      if (inserted > 0) {
        dispatcher.wake();
      }
    }
    if (unreadable != null) {
      throw unreadable;
    }
  }

  /**
   * The record's W3C {@code traceparent} header (the producer's span): deliveries are made later,
   * on the dispatcher's threads, as spans in that trace.
   */
  private static String traceparent(ConsumerRecord<?, ?> record) {
    Header header = record.headers().lastHeader(TraceContexts.TRACEPARENT);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }
}
