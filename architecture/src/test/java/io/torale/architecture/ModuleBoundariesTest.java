package io.torale.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The boundaries DESIGN.md relies on, checked on every module's compiled main and test classes.
 * Maven's enforcer already bans a compile or runtime dependency on a service artifact; these rules
 * also hold where Maven cannot: test code (a test-scope dependency on a service is allowed, for
 * build order) and package cycles inside a module, which compile fine.
 *
 * <p>The modules are read from the root {@code pom.xml}, so a new module is checked without editing
 * this class. Each module's root package is its name without dashes; the first rule holds that, so
 * the package rules below speak for modules.
 */
class ModuleBoundariesTest {

  private static final Path REPOSITORY =
      Path.of(System.getProperty("torale.repository", "..")).toAbsolutePath().normalize();

  /** Each deploys alone (DESIGN.md): no other module's code may use theirs. */
  private static final List<String> SERVICES = List.of("command-consumer", "worker", "notifier");

  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
  private static final Map<String, JavaClasses> CLASSES = new ConcurrentHashMap<>();

  static List<String> modules() {
    try {
      String pom = Files.readString(REPOSITORY.resolve("pom.xml"));
      return MODULE
          .matcher(pom)
          .results()
          .map(m -> m.group(1).trim())
          .filter(module -> !module.equals("architecture"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modules")
  void classesLiveUnderTheModulesRootPackage(String module) {
    classes()
        .should()
        .resideInAPackage(rootPackage(module) + "..")
        .because("a module's root package is its name, which the rules below rely on")
        .check(classesOf(module));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modules")
  void usesNoOtherServicesCode(String module) {
    String[] otherServices =
        SERVICES.stream()
            .filter(service -> !service.equals(module))
            .map(service -> rootPackage(service) + "..")
            .toArray(String[]::new);
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(otherServices)
        .because(
            "each service deploys alone; what a service needs of another reaches it as events or"
                + " through the owning service's API, and shared code lives in platform or schemas")
        .check(classesOf(module));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modules")
  void featurePackagesFormNoCycle(String module) {
    slices()
        .matching(rootPackage(module) + ".(*)..")
        .should()
        .beFreeOfCycles()
        .allowEmptyShould(true)
        .because("a feature package can be read, tested and moved without the ones that use it")
        .check(classesOf(module));
  }

  private static String rootPackage(String module) {
    return "io.torale." + module.replace("-", "");
  }

  private static JavaClasses classesOf(String module) {
    return CLASSES.computeIfAbsent(module, ModuleBoundariesTest::importClasses);
  }

  private static JavaClasses importClasses(String module) {
    List<Path> compiled =
        Stream.of("target/classes", "target/test-classes")
            .map(REPOSITORY.resolve(module)::resolve)
            .filter(Files::isDirectory)
            .toList();
    assertThat(compiled)
        .as("compiled classes of %s (build it first: ./mvnw install -DskipTests)", module)
        .isNotEmpty();
    return new ClassFileImporter().importPaths(compiled);
  }
}
