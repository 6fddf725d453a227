package io.torale.worker.search;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;

/**
 * Keeps page fetches off internal networks. As OkHttp's {@link Dns}, it decides on exactly the
 * addresses the client then connects to, so a name that resolves differently a second time (DNS
 * rebinding) cannot slip through; literal IP hosts, which OkHttp does not resolve, are checked by
 * the fetcher with {@link #refusesLiteral}.
 */
public final class AddressGuard implements Dns {

  private final WebPageProperties properties;
  private final Dns resolver;

  public AddressGuard(WebPageProperties properties, Dns resolver) {
    this.properties = properties;
    this.resolver = resolver;
  }

  @Override
  public List<InetAddress> lookup(String host) throws UnknownHostException {
    List<InetAddress> all = resolver.lookup(host);
    if (properties.allowed(host)) {
      return all;
    }
    List<InetAddress> public_ = all.stream().filter(AddressGuard::isPublic).toList();
    if (public_.isEmpty()) {
      throw new RefusedAddressException(host + " resolves only to non-public addresses " + all);
    }
    return public_;
  }

  /** Whether {@code host} is an IP literal that must be refused. */
  public boolean refusesLiteral(String host) {
    if (properties.allowed(host)) {
      return false;
    }
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    try {
      return !isPublic(InetAddress.ofLiteral(bare));
    } catch (IllegalArgumentException notALiteral) {
      return false; // a name: the resolver checks what it resolves to
    }
  }

  /**
   * Whether an address is on the public internet: not loopback, unspecified, private (10/8,
   * 172.16/12, 192.168/16, fc00::/7), carrier-grade NAT (100.64/10), link-local (169.254/16 with
   * the cloud metadata address 169.254.169.254, fe80::/10), multicast or 0/8.
   */
  public static boolean isPublic(InetAddress address) {
    if (address instanceof Inet6Address v6) {
      byte[] b = v6.getAddress();
      if (isMappedV4(b)) {
        return isPublic(v4(b[12], b[13], b[14], b[15]));
      }
      if ((b[0] & 0xfe) == 0xfc) {
        return false; // unique local fc00::/7 (includes AWS metadata fd00:ec2::254)
      }
    }
    if (address.isLoopbackAddress()
        || address.isAnyLocalAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return false;
    }
    if (address instanceof Inet4Address) {
      byte[] b = address.getAddress();
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      if (first == 0 || (first == 100 && second >= 64 && second <= 127)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isMappedV4(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }

  private static InetAddress v4(byte a, byte b, byte c, byte d) {
    try {
      return InetAddress.getByAddress(new byte[] {a, b, c, d});
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an IPv4 address", e);
    }
  }

  /** The refusal, as the {@link UnknownHostException} OkHttp expects from a resolver. */
  public static final class RefusedAddressException extends UnknownHostException {
    RefusedAddressException(String message) {
      super(message);
    }
  }
}
