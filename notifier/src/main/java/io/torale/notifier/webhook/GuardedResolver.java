package io.torale.notifier.webhook;

import io.torale.platform.egress.EgressGuard;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Platform's {@link EgressGuard} as the webhook client's DNS resolver: the addresses it checks are
 * the addresses the client then connects to, so there is no second lookup an attacker could answer
 * differently (DNS rebinding).
 */
class GuardedResolver implements DnsResolver {

  private final EgressGuard guard;

  GuardedResolver(List<String> allowedHosts) {
    this.guard = new EgressGuard(allowedHosts);
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    return guard.resolve(host, EgressGuard.SYSTEM).toArray(InetAddress[]::new);
  }

  @Override
  public String resolveCanonicalHostname(String host) {
    return host;
  }
}
