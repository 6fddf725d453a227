package io.torale.localstack;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the local stack from the environment ({@link LocalStackConfig#fromEnvironment()}), prints
 * where each component listens, and runs until interrupted (Ctrl-C), then stops everything.
 *
 * <p>Usage: {@code java -cp <classpath> io.torale.localstack.LocalStackMain [--wipe]}; {@code
 * --wipe} deletes the data directory first.
 */
public final class LocalStackMain {

  private LocalStackMain() {}

  public static void main(String[] args) throws InterruptedException {
    List<String> arguments = Arrays.asList(args);
    if (arguments.contains("--help") || arguments.contains("-h")) {
      System.out.println(
          "Usage: LocalStackMain [--wipe]   (ports and paths: TORALE_* environment variables)");
      return;
    }
    Logs.infoByDefault();
    long begin = System.nanoTime();
    LocalStack stack;
    try {
      stack =
          LocalStack.start(
              LocalStackConfig.fromEnvironment().toBuilder()
                  .wipe(arguments.contains("--wipe"))
                  .build());
    } catch (RuntimeException e) {
      System.err.println("Local stack failed to start: " + e.getMessage());
      System.exit(1);
      return;
    }
    System.out.println(readinessTable(stack, (System.nanoTime() - begin) / 1e9));
    // The stack's shutdown hook stops everything on Ctrl-C; this thread just waits.
    new CountDownLatch(1).await();
  }

  /** The lines {@code ./torale up} prints once everything answers. */
  public static String readinessTable(LocalStack stack, double seconds) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%nTorale local stack ready in %.1f s (data: %s)%n",
            seconds, stack.config().dataDir()));
    int width = stack.components().stream().mapToInt(c -> c.name().length()).max().orElse(10);
    for (Component component : stack.components()) {
      out.append(String.format("  %-" + width + "s  %s%n", component.name(), component.address()));
    }
    out.append("Press Ctrl-C to stop.");
    return out.toString();
  }
}
