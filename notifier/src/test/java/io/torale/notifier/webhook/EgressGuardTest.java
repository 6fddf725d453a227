package io.torale.notifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Classification only: no address here is ever connected to. */
class EgressGuardTest {

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
    "fd12:3456::1, private",
    "169.254.1.1, link-local",
    "fe80::1, link-local",
    "169.254.169.254, cloud metadata",
    "169.254.170.2, cloud metadata",
    "100.100.100.200, cloud metadata",
    "fd00:ec2::254, cloud metadata",
    "0.0.0.0, unspecified",
    "::, unspecified",
    "::ffff:127.0.0.1, loopback",
    "::ffff:169.254.169.254, cloud metadata",
    "64:ff9b::a00:1, private",
    "2002:a9fe:a9fe::, cloud metadata",
    "224.0.0.1, multicast or broadcast"
  })
  void classifiesInternalAddresses(String address, String kind) throws Exception {
    assertThat(EgressGuard.forbiddenKind(InetAddress.getByName(address))).isEqualTo(kind);
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1111"})
  void allowsPublicAddresses(String address) throws Exception {
    assertThat(EgressGuard.forbiddenKind(InetAddress.getByName(address))).isNull();
  }

  @Test
  void refusesLoopbackLiteralThatIsNotAllowListed() {
    var guard = new EgressGuard(List.of("localhost", "127.0.0.1"));
    assertThatThrownBy(() -> guard.resolve("127.0.0.2"))
        .isInstanceOf(EgressRefusedException.class)
        .hasMessageContaining("loopback");
  }

  @Test
  void refusesMetadataHostNamesWithoutResolvingThem() {
    var guard = new EgressGuard(List.of());
    assertThatThrownBy(() -> guard.resolve("metadata.google.internal."))
        .isInstanceOf(EgressRefusedException.class)
        .hasMessageContaining("metadata");
  }

  @Test
  void allowListedHostsResolve() throws Exception {
    var guard = new EgressGuard(List.of("LOCALHOST"));
    assertThat(guard.resolve("localhost")).isNotEmpty();
  }

  @Test
  void literalPrivateAddressesAreRefusedWithoutTraffic() {
    var guard = new EgressGuard(List.of("localhost"));
    assertThatThrownBy(() -> guard.resolve("10.0.0.1")).hasMessageContaining("private");
    assertThatThrownBy(() -> guard.resolve("169.254.169.254")).hasMessageContaining("metadata");
    assertThatThrownBy(() -> guard.resolve("[fe80::1]")).hasMessageContaining("link-local");
  }
}
