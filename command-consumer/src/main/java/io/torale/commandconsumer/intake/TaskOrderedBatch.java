package io.torale.commandconsumer.intake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * Works through the records of one poll with the commands of different tasks at once and those of
 * one task one after another, in offset order. A command's wall time is mostly waiting (on
 * Temporal, PostgreSQL and the broker, one round trip after another), so one command at a time per
 * partition left the machine idle (see the module README, "Benchmark").
 *
 * <p>A task's chain stops at its first failure, and a record is only started while {@code mayStart}
 * allows it; records after it in that chain stay undecided. Written by hand rather than with an
 * executor's ordering (e.g. a keyed or striped executor): the batch needs to know, per record,
 * whether it was decided, failed or never started, so the listener can commit exactly the decided
 * prefix.
 *
 * @param <T> a record
 * @param <R> what deciding a record returns
 */
final class TaskOrderedBatch<T, R> {

  private final Object[] decided;
  private final Throwable[] failed;

  private TaskOrderedBatch(int size) {
    this.decided = new Object[size];
    this.failed = new Throwable[size];
  }

  /**
   * Decides {@code items}, at most {@code parallelism} tasks at once (one of them on the calling
   * thread), and returns when every started item is decided or failed.
   *
   * @param taskOf the ordering key: items with equal keys are decided in list order, one at a time
   * @param mayStart whether the item at this index may still be started (a time budget)
   */
  static <T, R> TaskOrderedBatch<T, R> run(
      List<T> items,
      Function<T, Object> taskOf,
      int parallelism,
      Executor executor,
      IntPredicate mayStart,
      Function<T, R> decide) {
    var batch = new TaskOrderedBatch<T, R>(items.size());
    // Chains in the order of their first record, so the earliest records start first.
    Map<Object, List<Integer>> chains = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      chains
          .computeIfAbsent(
              Objects.requireNonNullElse(taskOf.apply(items.get(i)), NO_KEY),
              k -> new ArrayList<>())
          .add(i);
    }
    Queue<List<Integer>> pending = new ConcurrentLinkedQueue<>(chains.values());
    Runnable worker =
        () -> {
          for (List<Integer> chain = pending.poll(); chain != null; chain = pending.poll()) {
            batch.decideChain(chain, items, mayStart, decide);
          }
        };
    int helpers = Math.min(parallelism, chains.size()) - 1;
    List<CompletableFuture<Void>> running = new ArrayList<>(helpers);
    for (int i = 0; i < helpers; i++) {
      running.add(CompletableFuture.runAsync(worker, executor));
    }
    worker.run();
    running.forEach(CompletableFuture::join);
    return batch;
  }

  private static final Object NO_KEY = new Object();

  private void decideChain(
      List<Integer> chain, List<T> items, IntPredicate mayStart, Function<T, R> decide) {
    for (int index : chain) {
      if (!mayStart.test(index)) {
        return;
      }
      try {
        decided[index] = Objects.requireNonNull(decide.apply(items.get(index)));
      } catch (RuntimeException | Error e) {
        failed[index] = e;
        return; // the task's later commands wait for this one: they are not started
      }
    }
  }

  /** How many records from the first on were all decided: the part of the poll that can commit. */
  int decidedPrefix() {
    int i = 0;
    while (i < decided.length && decided[i] != null) {
      i++;
    }
    return i;
  }

  /** What deciding the record at {@code index} returned, or null if it failed or never started. */
  @SuppressWarnings("unchecked")
  R decided(int index) {
    return (R) decided[index];
  }

  /** Why the record at {@code index} failed, or null. */
  Throwable failure(int index) {
    return failed[index];
  }
}
