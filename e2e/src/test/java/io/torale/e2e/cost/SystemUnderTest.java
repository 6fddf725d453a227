package io.torale.e2e.cost;

import java.time.Duration;

/** One page-watching system as the benchmark drives it: started, given N watches, triggered. */
interface SystemUnderTest extends AutoCloseable {

  /** Name in the report, e.g. {@code torale}; also the webhook path segment. */
  String name();

  /** A line saying what runs and how it is configured. */
  String description();

  /** Anything to do before the start-up is timed (e.g. installing the program). */
  default void prepare() throws Exception {}

  /** Starts the system and returns once it answers (the start-up time is measured around it). */
  void start() throws Exception;

  /** Every process of the running system. */
  ProcessTree processes();

  /**
   * Creates {@code n} watches of pages 0..n-1 ("contains Status: red", webhook to the receiver),
   * and returns once each is ready to be triggered.
   */
  void createWatches(int n) throws Exception;

  /** Triggers a check of every one of the n watches at once (as one user action would). */
  void triggerAll(int n) throws Exception;

  /** Triggers a check of watch {@code i}. */
  void trigger(int i) throws Exception;

  /**
   * Waits until the checks triggered so far have finished their work (not only sent their webhook),
   * so the CPU they use is in the figure.
   */
  void awaitSettled(Duration timeout) throws Exception;

  @Override
  void close();
}
