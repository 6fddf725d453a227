package io.torale.worker.search;

import io.torale.platform.egress.EgressGuard;
import io.torale.platform.egress.EgressRefusedException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;

/**
 * Platform's {@link EgressGuard} as OkHttp's {@link Dns}: it decides on exactly the addresses the
 * client then connects to, so a name that resolves differently a second time (DNS rebinding) cannot
 * slip through; literal IP hosts, which OkHttp does not resolve, are checked by the fetcher with
 * {@link #checkLiteral}.
 */
public final class AddressGuard implements Dns {

  private final EgressGuard guard;
  private final Dns resolver;

  public AddressGuard(WebPageProperties properties, Dns resolver) {
    this.guard = new EgressGuard(properties.allowedHosts());
    this.resolver = resolver;
  }

  @Override
  public List<InetAddress> lookup(String host) throws UnknownHostException {
    return guard.resolve(host, resolver::lookup);
  }

  /** Refuses {@code host} if it is an internal IP literal that is not allow-listed. */
  public void checkLiteral(String host) throws EgressRefusedException {
    guard.checkLiteral(host);
  }
}
