package io.torale.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Several instances of each service on one machine: distinct ports, names and Kafka identities. */
class ServiceSpecTest {

  private static final Path REPO = Path.of("/repo");

  @Test
  void instanceKOfAServiceListensOnItsPortPlusAHundredPerInstance() {
    List<ServiceSpec> specs = ServiceSpec.defaults(REPO, 2);

    assertThat(specs)
        .extracting(ServiceSpec::instanceName, ServiceSpec::httpPort)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("command-consumer", 8080),
            org.assertj.core.groups.Tuple.tuple("worker", 8082),
            org.assertj.core.groups.Tuple.tuple("notifier", 8083),
            org.assertj.core.groups.Tuple.tuple("command-consumer-2", 8180),
            org.assertj.core.groups.Tuple.tuple("worker-2", 8182),
            org.assertj.core.groups.Tuple.tuple("notifier-2", 8183));
    assertThat(specs.get(3).jar())
        .isEqualTo(REPO.resolve("command-consumer/target/torale-command-consumer.jar"));
  }

  @Test
  void oneInstanceIsNamedLikeItsService() {
    assertThat(ServiceSpec.defaults(REPO))
        .extracting(ServiceSpec::instanceName)
        .containsExactly("command-consumer", "worker", "notifier");
  }

  @Test
  void eachInstanceHasItsOwnTransactionalIdPrefixAndConsumerClientId() {
    var first = ServiceSpec.of(REPO, "command-consumer", 8080);
    var second = first.asInstance(2, 8180);

    Map<String, String> one = ServiceProcess.environmentProperties(first, Map.of("a", "b"));
    Map<String, String> two = ServiceProcess.environmentProperties(second, Map.of("a", "b"));

    assertThat(one)
        .containsEntry("server.port", "8080")
        .containsEntry("TORALE_INSTANCE_ID", "command-consumer")
        .containsEntry("spring.kafka.consumer.client-id", "torale-command-consumer")
        .containsEntry("a", "b");
    assertThat(two)
        .containsEntry("server.port", "8180")
        .containsEntry("TORALE_INSTANCE_ID", "command-consumer-2")
        .containsEntry("spring.kafka.consumer.client-id", "torale-command-consumer-2");
  }
}
