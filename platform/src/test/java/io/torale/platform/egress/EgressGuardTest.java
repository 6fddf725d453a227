package io.torale.platform.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Classification only: no address here is ever connected to, and the resolver is a lambda that
 * answers without DNS. The union of what the worker's and the notifier's guards used to check.
 */
class EgressGuardTest {

  private static final EgressGuard LOCAL = new EgressGuard(List.of("localhost", "127.0.0.1"));
  private static final EgressGuard PRODUCTION = new EgressGuard(List.of());

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, loopback",
    "127.0.0.2, loopback",
    "::1, loopback",
    "10.1.2.3, private",
    "172.16.0.1, private",
    "172.31.255.255, private",
    "192.168.1.1, private",
    "100.64.0.1, private",
    "100.127.255.255, private",
    "fc00::1, private",
    "fd12:3456::1, private",
    "169.254.1.1, link-local",
    "fe80::1, link-local",
    "169.254.169.254, cloud metadata",
    "169.254.170.2, cloud metadata",
    "100.100.100.200, cloud metadata",
    "fd00:ec2::254, cloud metadata",
    "0.0.0.0, unspecified",
    "0.1.2.3, unspecified",
    "::, unspecified",
    "::ffff:127.0.0.1, loopback",
    "::ffff:10.0.0.1, private",
    "::ffff:169.254.169.254, cloud metadata",
    "64:ff9b::a00:1, private",
    "64:ff9b::7f00:2, loopback",
    "2002:a9fe:a9fe::, cloud metadata",
    "2002:7f00:1::, loopback",
    "::7f00:2, loopback",
    "::a9fe:a9fe, cloud metadata",
    "224.0.0.1, multicast or broadcast",
    "255.255.255.255, multicast or broadcast"
  })
  void classifiesInternalAddresses(String address, String kind) {
    assertThat(EgressGuard.forbiddenKind(InetAddress.ofLiteral(address))).isEqualTo(kind);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8.8.8.8",
        "1.1.1.1",
        "172.32.0.1",
        "100.128.0.1",
        "192.169.0.1",
        "2606:4700::1111",
        "2001:4860:4860::8888",
        "::ffff:8.8.8.8",
        "64:ff9b::808:808",
        "2002:808:808::"
      })
  void allowsPublicAddresses(String address) {
    assertThat(EgressGuard.forbiddenKind(InetAddress.ofLiteral(address))).isNull();
    assertThat(EgressGuard.isPublic(InetAddress.ofLiteral(address))).isTrue();
  }

  @Test
  void productionDefaultsRefuseLoopbackEvenForLocalhost() {
    assertThatThrownBy(() -> PRODUCTION.resolve("localhost", answering("127.0.0.1")))
        .isInstanceOf(EgressRefusedException.class)
        .hasMessageContaining("loopback");
  }

  @Test
  void refusesLoopbackThatIsNotAllowListed() {
    assertThatThrownBy(() -> LOCAL.resolve("127.0.0.2", EgressGuard.SYSTEM))
        .isInstanceOf(EgressRefusedException.class)
        .hasMessageContaining("loopback");
    assertThatThrownBy(() -> LOCAL.checkLiteral("127.0.0.2"))
        .isInstanceOf(EgressRefusedException.class);
  }

  @Test
  void refusesANameWhenAnyOfItsAddressesIsInternal() {
    assertThatThrownBy(
            () -> PRODUCTION.resolve("mixed.example", answering("93.184.215.14", "10.0.0.5")))
        .isInstanceOf(EgressRefusedException.class)
        .hasMessageContaining("private");
  }

  @Test
  void refusesMetadataHostNamesWithoutResolvingThem() {
    assertThatThrownBy(
            () ->
                PRODUCTION.resolve(
                    "metadata.google.internal.",
                    host -> {
                      throw new AssertionError("resolved " + host);
                    }))
        .isInstanceOf(EgressRefusedException.class)
        .hasMessageContaining("metadata");
  }

  @Test
  void allowListedHostsAreTrustedAsResolved() throws Exception {
    var guard = new EgressGuard(List.of("LOCALHOST", "intranet.example"));
    assertThat(guard.resolve("localhost", EgressGuard.SYSTEM)).isNotEmpty();
    assertThat(guard.resolve("intranet.example", answering("10.0.0.5"))).hasSize(1);
  }

  @Test
  void returnsPublicAddressesAsResolved() throws Exception {
    assertThat(PRODUCTION.resolve("example.com", answering("93.184.215.14")))
        .containsExactly(InetAddress.ofLiteral("93.184.215.14"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.2", "169.254.169.254", "[::1]", "10.1.2.3", "[fe80::1]"})
  void refusesInternalLiteralsThatAreNotAllowListed(String host) {
    assertThatThrownBy(() -> LOCAL.checkLiteral(host)).isInstanceOf(EgressRefusedException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "localhost", "example.com", "8.8.8.8"})
  void letsAllowListedLiteralsAndNamesThrough(String host) {
    assertThatCode(() -> LOCAL.checkLiteral(host)).doesNotThrowAnyException();
  }

  private static EgressGuard.Resolver answering(String... literals) {
    return host -> java.util.Arrays.stream(literals).map(InetAddress::ofLiteral).toList();
  }
}
