package io.torale.worker.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

/** Classifies addresses only: no traffic is ever sent to them. */
class AddressGuardTest {

  private static final WebPageProperties PROPERTIES =
      new WebPageProperties(
          Duration.ofSeconds(1),
          Duration.ofSeconds(1),
          DataSize.ofKilobytes(10),
          3,
          List.of("localhost", "127.0.0.1", "intranet.example"),
          "test");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.0.0.2",
        "0.0.0.0",
        "0.1.2.3",
        "10.0.0.1",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.1",
        "169.254.169.254",
        "169.254.0.1",
        "100.64.0.1",
        "100.127.255.255",
        "224.0.0.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd00:ec2::254",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "::ffff:10.0.0.1"
      })
  void refusesNonPublicAddresses(String literal) {
    assertThat(AddressGuard.isPublic(InetAddress.ofLiteral(literal))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8.8.8.8",
        "1.1.1.1",
        "172.32.0.1",
        "100.128.0.1",
        "192.169.0.1",
        "2001:4860:4860::8888",
        "::ffff:8.8.8.8"
      })
  void allowsPublicAddresses(String literal) {
    assertThat(AddressGuard.isPublic(InetAddress.ofLiteral(literal))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.2", "169.254.169.254", "[::1]", "10.1.2.3"})
  void refusesNonPublicLiteralsThatAreNotAllowListed(String host) {
    assertThat(new AddressGuard(PROPERTIES, h -> List.of()).refusesLiteral(host)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "localhost", "example.com", "8.8.8.8"})
  void letsAllowListedLiteralsAndNamesThrough(String host) {
    assertThat(new AddressGuard(PROPERTIES, h -> List.of()).refusesLiteral(host)).isFalse();
  }

  @org.junit.jupiter.api.Test
  void filtersResolvedAddressesToPublicOnes() throws Exception {
    var resolver =
        new AddressGuard(
            PROPERTIES,
            host ->
                List.of(InetAddress.ofLiteral("10.0.0.5"), InetAddress.ofLiteral("93.184.215.14")));

    assertThat(resolver.lookup("mixed.example"))
        .containsExactly(InetAddress.ofLiteral("93.184.215.14"));
  }

  @org.junit.jupiter.api.Test
  void refusesNamesThatResolveOnlyToPrivateAddresses() {
    var resolver =
        new AddressGuard(PROPERTIES, host -> List.of(InetAddress.ofLiteral("169.254.169.254")));

    assertThatThrownBy(() -> resolver.lookup("metadata.example"))
        .isInstanceOf(AddressGuard.RefusedAddressException.class);
  }

  @org.junit.jupiter.api.Test
  void trustsAllowListedNamesAsResolved() throws Exception {
    var resolver = new AddressGuard(PROPERTIES, host -> List.of(InetAddress.ofLiteral("10.0.0.5")));

    assertThat(resolver.lookup("intranet.example")).hasSize(1);
  }
}
