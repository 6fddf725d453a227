package io.torale.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JDK 25's ahead-of-time cache (JEP 483/514/515) for a service the local system starts: classes
 * loaded and linked, and method profiles, from an earlier run, so the next start skips that work.
 *
 * <p>The cache can only hold classes loaded from jar files on the class path, not from the jars
 * nested in a Spring Boot executable jar, so the jar is first extracted once ({@code
 * -Djarmode=tools extract}: the application jar with its libraries beside it, the layout Spring
 * Boot documents for CDS and AOT caches). The first run with no cache records one ({@code
 * -XX:AOTCacheOutput}); the JVM writes it when that run ends normally (Ctrl-C of {@code ./torale
 * up}); later runs use it ({@code -XX:AOTCache}). A stale or unreadable cache only costs the
 * speed-up: the JVM says so in the service's log and starts without it. Everything lives in {@code
 * <jar dir>/aot/<jar name>-<size >-<mtime>/}, so a rebuilt jar gets a new extraction and cache, and
 * older ones are deleted.
 */
final class AotCache {

  private static final Logger log = LoggerFactory.getLogger(AotCache.class);

  /**
   * Map the cache at the address it was recorded for instead of a random one ({@code
   * ArchiveRelocationMode=1}, the JDK's default since 21, a diagnostic option). A relocated cache
   * has every pointer in it rewritten at start: the JVM writes to all of its pages, so the whole
   * cache (130-150 MB per service) became private memory of each service, more than the metaspace
   * it replaces. Mapped where it was recorded, it stays pages of the file that are read only where
   * used, and start-up skips the rewriting. If that address is taken, the JVM relocates as before.
   * What it gives up is the random placement of class metadata, a hardening against memory-safety
   * exploits that a developer's local system does without; the production image uses no AOT cache.
   */
  static final String MAP_AT_RECORDED_ADDRESS = "-XX:ArchiveRelocationMode=0";

  static final String UNLOCK_DIAGNOSTIC = "-XX:+UnlockDiagnosticVMOptions";

  private AotCache() {}

  /** The JVM options and the jar to run instead of {@code jar}: {@code [options..., jar]}. */
  static List<String> optionsAndJar(Path java, Path jar) {
    Path root = jar.toAbsolutePath().getParent().resolve("aot");
    String name = jar.getFileName().toString();
    Path dir;
    try {
      dir =
          root.resolve(
              name + "-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis());
      Path extracted = dir.resolve("app").resolve(name);
      if (!Files.isRegularFile(extracted)) {
        extract(java, jar, dir);
        deleteOlder(root, name, dir);
      }
      Path cache = dir.resolve("app.aot");
      if (!Files.isRegularFile(cache)) {
        return List.of("-XX:AOTCacheOutput=" + cache, "-jar", extracted.toString());
      }
      return List.of(
          "-XX:AOTCache=" + cache,
          UNLOCK_DIAGNOSTIC,
          MAP_AT_RECORDED_ADDRESS,
          "-jar",
          extracted.toString());
    } catch (IOException | RuntimeException e) {
      log.warn("No AOT cache for {} ({}); starting it without", name, e.toString());
      return List.of("-jar", jar.toString());
    }
  }

  private static void extract(Path java, Path jar, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path partial = Files.createTempDirectory(dir, "extracting-");
    try {
      Process tools =
          new ProcessBuilder(
                  java.toString(),
                  "-Djarmode=tools",
                  "-jar",
                  jar.toString(),
                  "extract",
                  "--destination",
                  partial.resolve("app").toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(tools.getInputStream().readAllBytes());
      if (!tools.waitFor(5, TimeUnit.MINUTES) || tools.exitValue() != 0) {
        tools.destroyForcibly();
        throw new IOException("extracting " + jar + " failed: " + output.strip());
      }
      try {
        Files.move(partial.resolve("app"), dir.resolve("app"), StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        // Another start extracted it meanwhile; its copy is as good as ours.
        if (!Files.isDirectory(dir.resolve("app"))) {
          throw e;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while extracting " + jar, e);
    } finally {
      Files2.deleteRecursively(partial);
    }
  }

  /** Extractions and caches of earlier builds of the same jar: nothing runs them any more. */
  private static void deleteOlder(Path root, String name, Path current) {
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path old : dirs.toList()) {
        if (!old.equals(current) && old.getFileName().toString().startsWith(name + "-")) {
          Files2.deleteRecursively(old);
        }
      }
    } catch (IOException | RuntimeException e) {
      log.debug("could not clean up old AOT caches in {}: {}", root, e.toString());
    }
  }
}
