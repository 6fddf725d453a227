package io.torale.worker.search;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torale.platform.egress.EgressRefusedException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

/**
 * The page fetch's adapter of platform's egress guard (classification is tested in platform's
 * {@code EgressGuardTest}). Resolvers here are lambdas: no traffic, no DNS.
 */
class AddressGuardTest {

  private static final WebPageProperties PROPERTIES = properties(List.of("localhost", "127.0.0.1"));

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.2", "169.254.169.254", "[::1]", "10.1.2.3", "[64:ff9b::7f00:2]"})
  void refusesInternalLiteralsThatAreNotAllowListed(String host) {
    assertThatThrownBy(() -> new AddressGuard(PROPERTIES, h -> List.of()).checkLiteral(host))
        .isInstanceOf(EgressRefusedException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "localhost", "example.com", "8.8.8.8"})
  void letsAllowListedLiteralsAndNamesThrough(String host) {
    assertThatCode(() -> new AddressGuard(PROPERTIES, h -> List.of()).checkLiteral(host))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesANameWithAnInternalAddressAsItsResolver() {
    var resolver =
        new AddressGuard(
            PROPERTIES,
            host ->
                List.of(InetAddress.ofLiteral("93.184.215.14"), InetAddress.ofLiteral("10.0.0.5")));

    assertThatThrownBy(() -> resolver.lookup("mixed.example"))
        .isInstanceOf(EgressRefusedException.class);
  }

  @Test
  void theDefaultAllowListIsEmptySoLocalhostIsRefused() {
    var production =
        new AddressGuard(properties(List.of()), h -> List.of(InetAddress.ofLiteral("127.0.0.1")));

    assertThatThrownBy(() -> production.lookup("localhost"))
        .isInstanceOf(EgressRefusedException.class)
        .hasMessageContaining("loopback");
  }

  private static WebPageProperties properties(List<String> allowed) {
    return new WebPageProperties(
        Duration.ofSeconds(1), Duration.ofSeconds(1), DataSize.ofKilobytes(10), 3, allowed, "test");
  }
}
