package io.torale.commandconsumer.intake;

import io.micrometer.tracing.Span;
import io.torale.commandconsumer.ownership.CommandSource;
import io.torale.platform.crash.CrashPoints;
import io.torale.platform.tracing.TraceContexts;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.TaskCommand;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code torale.task-commands.v1} and every producer's {@code
 * torale.task-commands.v1.<producer>} (by pattern; a new producer's topic is picked up within
 * {@code metadata.max.age.ms}). The topic says who sent the command ({@link CommandSource}).
 * Records are keyed by task id, so the commands of one task arrive in order on one partition and
 * one listener thread. That thread decides the commands of several tasks of a poll at once ({@link
 * TaskOrderedBatch}, {@code torale.commands.batch.parallelism}), one task's one after another: a
 * command is mostly waiting on Temporal, PostgreSQL and the broker, and one at a time left the
 * machine idle.
 *
 * <p>The records of one poll are handled inside one Kafka transaction the container opens ({@link
 * ResultTransactionConfiguration}): their results and their consumed offsets commit together or not
 * at all, so a {@code read_committed} consumer of the results sees exactly one result per delivery
 * that counted. One transaction per poll rather than per record: a Kafka transaction costs the
 * broker several coordinator writes and markers, which per record was the largest cost of a command
 * after the Temporal call (see the module README, "Benchmark"). Each command still has its own
 * database transaction, committed before the Kafka one; a crash in between aborts the results of
 * the whole poll, and each redelivered record finds its own row and publishes its stored outcome.
 *
 * <p>A failure must stay the failure of its own record, as with one transaction per record: when a
 * command fails, the commands before it are committed with their results ({@link
 * Acknowledgment#nack(int, Duration)}) and it is polled again as the first record of the next poll;
 * only a failure of the first record escapes, and the after-rollback processor then retries or
 * dead-letters that record alone. Results are sent only after every command of the batch was
 * decided, so a failed command never has a result in a committed transaction. Only the decided
 * prefix of the poll commits: another task's command decided beside a failed one, but after it in
 * the poll, has its database row but no result yet; it is polled again, and its row names that very
 * record, so its stored outcome is published then, once. Transient failures are retried with
 * backoff until they heal, others a few times and then dead-lettered (in a transaction too);
 * Temporal's refusals never throw, they are REJECTED results.
 */
@Component
class TaskCommandListener implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(TaskCommandListener.class);
  private static final LogAccessor LOG_ACCESSOR = new LogAccessor(TaskCommandListener.class);

  private final CommandHandler handler;
  private final CommandResults results;
  private final CommandMetrics metrics;
  private final CrashPoints crashPoints;
  private final BatchProperties batch;
  private final TraceContexts traces;

  /**
   * Where the commands of a poll beyond the first task's are decided. Virtual threads: each waits
   * on network round trips almost all the time, and their number is bounded by {@code
   * torale.commands.batch.parallelism} per listener thread.
   */
  private final ExecutorService applying =
      Executors.newThreadPerTaskExecutor(
          Thread.ofVirtual().name("task-commands-apply-", 0).factory());

  TaskCommandListener(
      CommandHandler handler,
      CommandResults results,
      CommandMetrics metrics,
      CrashPoints crashPoints,
      BatchProperties batch,
      TraceContexts traces) {
    this.handler = handler;
    this.results = results;
    this.metrics = metrics;
    this.crashPoints = crashPoints;
    this.batch = batch;
    this.traces = traces;
  }

  /** A decided command, with its span: the result is sent in it, and it ends then. */
  private record Answered(TaskCommand command, CommandOutcome outcome, Span span) {}

  @KafkaListener(id = "task-commands", topicPattern = Topics.TASK_COMMANDS_PATTERN, batch = "true")
  void onCommands(List<ConsumerRecord<String, TaskCommand>> records, Acknowledgment ack) {
    long deadline = System.nanoTime() + batch.timeBudget().toNanos();
    TaskOrderedBatch<ConsumerRecord<String, TaskCommand>, Answered> decided =
        TaskOrderedBatch.run(
            records,
            ConsumerRecord::key,
            commandIdsSpanTasks(records) ? 1 : batch.parallelism(),
            applying,
            index -> index == 0 || System.nanoTime() < deadline,
            this::decide);
    int next = decided.decidedPrefix();
    if (next == 0 && !records.isEmpty()) {
      // The first record failed: the after-rollback processor retries or dead-letters it alone.
      throw asRuntime(decided.failure(0));
    }
    if (next < records.size() && decided.failure(next) != null) {
      log.info(
          "Command at {}-{}@{} failed; the {} before it commit, it is polled again: {}",
          records.get(next).topic(),
          records.get(next).partition(),
          records.get(next).offset(),
          next,
          decided.failure(next).toString());
    }
    for (int i = 0; i < next; i++) {
      Answered a = decided.decided(i);
      try (var scope = traces.inScope(a.span())) {
        results.publish(a.command(), a.outcome());
      } finally {
        a.span().end();
      }
    }
    // Decided after the first undecided record (another task's, decided at the same time): their
    // database rows are committed but not their results; they are polled again and their rows
    // name those very records, so the stored outcome is published then, once.
    for (int i = next; i < records.size(); i++) {
      if (decided.decided(i) != null) {
        decided.decided(i).span().end();
      }
    }
    // The database has committed each command; the results and the offsets commit with the Kafka
    // transaction when this method returns.
    crashPoints.reach(CrashPoints.BEFORE_RESULT_COMMIT);
    if (next < records.size()) {
      ack.nack(next, Duration.ZERO);
    } else {
      ack.acknowledge();
    }
    for (int i = 0; i < next; i++) {
      metrics.answered(decided.decided(i).command(), decided.decided(i).outcome());
    }
  }

  /**
   * Whether one command id comes with two task ids in this poll. Deciding those at once could let
   * both pass the duplicate check (each holds only its own task's lock), so such a poll is decided
   * one record at a time, as a command id repeated on one task always is.
   */
  private static boolean commandIdsSpanTasks(List<ConsumerRecord<String, TaskCommand>> records) {
    Map<String, String> taskOfCommand = new HashMap<>();
    for (var record : records) {
      if (record.value() != null) {
        String previous = taskOfCommand.putIfAbsent(record.value().getCommandId(), record.key());
        if (previous != null && !previous.equals(record.key())) {
          return true;
        }
      }
    }
    return false;
  }

  private static RuntimeException asRuntime(Throwable failure) {
    return switch (failure) {
      case RuntimeException e -> e;
      case Error e -> throw e;
      default -> new IllegalStateException(failure);
    };
  }

  /** Stopped after the listener container (which depends on this bean) has stopped polling. */
  @Override
  public void destroy() {
    applying.close();
  }

  private Answered decide(ConsumerRecord<String, TaskCommand> record) {
    TaskCommand command = record.value();
    if (command == null) {
      // Unreadable (ErrorHandlingDeserializer): dead-lettered with its original bytes at once.
      DeserializationException unreadable =
          SerializationUtils.getExceptionFromHeader(
              record, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG_ACCESSOR);
      throw unreadable != null
          ? unreadable
          : new IllegalArgumentException("command record without a value");
    }
    // The container observes batches, not records: each command continues its record's trace here
    // (the schedule or run it makes and its result carry it on). Every log line names the command.
    Span span = traces.startChild(traceparent(record), "task-commands receive", Span.Kind.CONSUMER);
    try (var scope = traces.inScope(span);
        var commandId = MDC.putCloseable("commandId", command.getCommandId());
        var taskId = MDC.putCloseable("taskId", command.getTaskId())) {
      CommandHandler.Decision decision =
          handler.handle(
              command,
              new ProcessedCommands.Source(record.topic(), record.partition(), record.offset()),
              CommandSource.ofTopic(record.topic()));
      log.info(
          "{} {} of task {}: {}",
          CommandTypes.of(command),
          command.getCommandId(),
          command.getTaskId(),
          decision.outcome());
      return new Answered(command, decision.outcome(), span);
    } catch (RuntimeException e) {
      span.error(e).end();
      throw e;
    }
  }

  private static String traceparent(ConsumerRecord<?, ?> record) {
    Header header = record.headers().lastHeader(TraceContexts.TRACEPARENT);
    return header == null ? null : new String(header.value(), StandardCharsets.US_ASCII);
  }
}
