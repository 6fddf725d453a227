package io.torale.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which AOT cache option a service gets, and the fall-back when its jar cannot be extracted. Real
 * files in a temporary directory; the extraction itself ({@code -Djarmode=tools}) runs only in the
 * fall-back case, on a jar that is no Spring Boot jar.
 */
class AotCacheTest {

  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

  @TempDir Path dir;

  @Test
  void recordsACacheOnTheFirstRunOfABuildAndUsesItAfterwards() throws Exception {
    Path jar = Files.writeString(dir.resolve("torale-worker.jar"), "a build");
    Path build =
        dir.resolve("aot")
            .resolve(
                "torale-worker.jar-"
                    + Files.size(jar)
                    + "-"
                    + Files.getLastModifiedTime(jar).toMillis());
    // As if extracted already: no extraction runs.
    Path extracted = build.resolve("app").resolve("torale-worker.jar");
    Files.createDirectories(extracted.getParent());
    Files.writeString(extracted, "extracted");

    assertThat(AotCache.optionsAndJar(JAVA, jar))
        .containsExactly(
            "-XX:AOTCacheOutput=" + build.resolve("app.aot"), "-jar", extracted.toString());

    Files.writeString(build.resolve("app.aot"), "recorded");
    assertThat(AotCache.optionsAndJar(JAVA, jar))
        .containsExactly(
            "-XX:AOTCache=" + build.resolve("app.aot"),
            AotCache.UNLOCK_DIAGNOSTIC,
            AotCache.MAP_AT_RECORDED_ADDRESS,
            "-jar",
            extracted.toString());
  }

  @Test
  void aJarThatCannotBeExtractedRunsAsItIs() throws Exception {
    Path jar = Files.writeString(dir.resolve("not-spring-boot.jar"), "not a jar at all");

    assertThat(AotCache.optionsAndJar(JAVA, jar)).isEqualTo(List.of("-jar", jar.toString()));
  }

  @Test
  void servicesRunWithTheLocalFlags() {
    ServiceSpec spec = new ServiceSpec("worker", dir.resolve("torale-worker.jar"), 8082);

    assertThat(ServiceProcess.command(spec))
        .containsAll(ServiceProcess.LOCAL_JVM_OPTIONS)
        .noneMatch(option -> option.startsWith("-XX:AOTCache"))
        .endsWith("-jar", spec.jar().toString());
  }
}
