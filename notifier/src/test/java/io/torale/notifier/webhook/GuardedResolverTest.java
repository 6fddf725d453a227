package io.torale.notifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torale.platform.egress.EgressRefusedException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The webhook client's adapter of platform's egress guard (classification is tested in platform's
 * {@code EgressGuardTest}). Only literals and {@code localhost}: nothing is connected to.
 */
class GuardedResolverTest {

  @Test
  void refusesLoopbackThatIsNotAllowListed() {
    var resolver = new GuardedResolver(List.of("localhost", "127.0.0.1"));
    assertThatThrownBy(() -> resolver.resolve("127.0.0.2"))
        .isInstanceOf(EgressRefusedException.class)
        .hasMessageContaining("loopback");
  }

  @Test
  void refusesInternalLiteralsWithoutTraffic() {
    var resolver = new GuardedResolver(List.of());
    assertThatThrownBy(() -> resolver.resolve("10.0.0.1")).hasMessageContaining("private");
    assertThatThrownBy(() -> resolver.resolve("169.254.169.254")).hasMessageContaining("metadata");
    assertThatThrownBy(() -> resolver.resolve("[fe80::1]")).hasMessageContaining("link-local");
    assertThatThrownBy(() -> resolver.resolve("::ffff:127.0.0.1")).hasMessageContaining("loopback");
  }

  @Test
  void productionDefaultRefusesLocalhost() {
    assertThatThrownBy(() -> new GuardedResolver(List.of()).resolve("localhost"))
        .isInstanceOf(EgressRefusedException.class);
  }

  @Test
  void allowListedHostsResolve() throws Exception {
    assertThat(new GuardedResolver(List.of("LOCALHOST")).resolve("localhost")).isNotEmpty();
  }
}
