package io.torale.commandconsumer.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Items are "task:n"; the task is the part before the colon. */
class TaskOrderedBatchTest {

  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  @AfterEach
  void stop() {
    executor.close();
  }

  private static Object taskOf(String item) {
    return item.substring(0, item.indexOf(':'));
  }

  @Test
  void oneTasksItemsAreDecidedOneAtATimeInListOrder() {
    List<String> items = List.of("a:1", "b:1", "a:2", "c:1", "a:3", "b:2", "a:4", "c:2");
    Map<Object, List<String>> seen = new ConcurrentHashMap<>();
    Map<Object, AtomicInteger> active = new ConcurrentHashMap<>();
    List<String> overlaps = Collections.synchronizedList(new ArrayList<>());

    var batch =
        TaskOrderedBatch.run(
            items,
            TaskOrderedBatchTest::taskOf,
            3,
            executor,
            i -> true,
            item -> {
              var running = active.computeIfAbsent(taskOf(item), k -> new AtomicInteger());
              if (running.incrementAndGet() > 1) {
                overlaps.add(item);
              }
              seen.computeIfAbsent(
                      taskOf(item), k -> Collections.synchronizedList(new ArrayList<>()))
                  .add(item);
              LockSupport.parkNanos(1_000_000); // long enough for another to overlap
              running.decrementAndGet();
              return item;
            });

    assertThat(batch.decidedPrefix()).isEqualTo(items.size());
    assertThat(overlaps).isEmpty();
    assertThat(seen.get("a")).containsExactly("a:1", "a:2", "a:3", "a:4");
    assertThat(seen.get("b")).containsExactly("b:1", "b:2");
    assertThat(seen.get("c")).containsExactly("c:1", "c:2");
    for (int i = 0; i < items.size(); i++) {
      assertThat(batch.decided(i)).isEqualTo(items.get(i));
    }
  }

  @Test
  void differentTasksAreDecidedAtTheSameTime() throws InterruptedException {
    // Each item waits until all three are running: one at a time, this would time out.
    var allRunning = new CountDownLatch(3);
    var batch =
        TaskOrderedBatch.run(
            List.of("a:1", "b:1", "c:1"),
            TaskOrderedBatchTest::taskOf,
            3,
            executor,
            i -> true,
            item -> {
              allRunning.countDown();
              try {
                return allRunning.await(30, TimeUnit.SECONDS) ? item : null;
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });

    assertThat(batch.decidedPrefix()).isEqualTo(3);
  }

  @Test
  void aFailureStopsItsTaskButNotTheOthers() {
    List<String> items = List.of("a:1", "a:2", "b:1", "a:3", "b:2");
    List<String> started = Collections.synchronizedList(new ArrayList<>());

    var batch =
        TaskOrderedBatch.run(
            items,
            TaskOrderedBatchTest::taskOf,
            2,
            executor,
            i -> true,
            item -> {
              started.add(item);
              if (item.equals("a:2")) {
                throw new IllegalStateException("injected");
              }
              return item;
            });

    assertThat(batch.decidedPrefix()).isEqualTo(1);
    assertThat(batch.failure(1)).hasMessage("injected");
    assertThat(started).doesNotContain("a:3");
    assertThat(batch.decided(3)).isNull();
    assertThat(batch.failure(3)).isNull();
    // b's items are decided although they come after the failure; the caller decides what of
    // them to commit.
    assertThat(batch.decided(2)).isEqualTo("b:1");
    assertThat(batch.decided(4)).isEqualTo("b:2");
  }

  @Test
  void anItemThatMayNotStartIsLeftUndecidedWithItsTasksLaterItems() {
    List<String> items = List.of("a:1", "b:1", "a:2", "b:2");

    var batch =
        TaskOrderedBatch.run(
            items, TaskOrderedBatchTest::taskOf, 1, executor, i -> i != 2, item -> item);

    assertThat(batch.decidedPrefix()).isEqualTo(2);
    assertThat(batch.decided(2)).isNull();
    assertThat(batch.failure(2)).isNull();
    assertThat(batch.decided(3)).isEqualTo("b:2");
  }
}
