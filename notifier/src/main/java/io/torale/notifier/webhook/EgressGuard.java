package io.torale.notifier.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Keeps webhooks away from internal networks (SSRF). It is the HTTP client's DNS resolver, so the
 * addresses it checks are the addresses the client then connects to: there is no second lookup an
 * attacker could answer differently (DNS rebinding). A host refuses if any of its addresses is
 * loopback, private, link-local, unspecified, multicast or a cloud metadata address; allow-listed
 * hosts (the local stack's {@code localhost}) skip the check.
 */
class EgressGuard implements DnsResolver {

  private static final Set<String> METADATA_NAMES =
      Set.of("metadata.google.internal", "metadata.goog", "metadata", "instance-data");

  private final Set<String> allowedHosts;

  EgressGuard(Iterable<String> allowedHosts) {
    this.allowedHosts =
        java.util.stream.StreamSupport.stream(allowedHosts.spliterator(), false)
            .map(EgressGuard::normaliseHost)
            .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    String name = normaliseHost(host);
    if (allowedHosts.contains(name)) {
      return InetAddress.getAllByName(name);
    }
    if (METADATA_NAMES.contains(name)) {
      throw new EgressRefusedException(host + " is a cloud metadata host");
    }
    InetAddress[] addresses = InetAddress.getAllByName(name);
    for (InetAddress address : addresses) {
      String kind = forbiddenKind(address);
      if (kind != null) {
        throw new EgressRefusedException(host + " resolves to a " + kind + " address");
      }
    }
    return addresses;
  }

  @Override
  public String resolveCanonicalHostname(String host) {
    return host;
  }

  /** What kind of internal address this is, or null for an address on the public internet. */
  static String forbiddenKind(InetAddress address) {
    if (address instanceof Inet6Address v6) {
      InetAddress embedded = embeddedIpv4(v6.getAddress());
      if (embedded != null) {
        return forbiddenKind(embedded);
      }
    }
    byte[] b = address.getAddress();
    if (isMetadata(b)) {
      return "cloud metadata";
    }
    if (address.isAnyLocalAddress() || (b.length == 4 && b[0] == 0)) {
      return "unspecified";
    }
    if (address.isLoopbackAddress()) {
      return "loopback";
    }
    if (address.isLinkLocalAddress()) {
      return "link-local";
    }
    if (address.isSiteLocalAddress() || isUniqueLocal(b) || isSharedAddressSpace(b)) {
      return "private";
    }
    if (address.isMulticastAddress() || (b.length == 4 && (b[0] & 0xff) == 255)) {
      return "multicast or broadcast";
    }
    return null;
  }

  private static boolean isMetadata(byte[] b) {
    if (b.length == 4) {
      int a0 = b[0] & 0xff, a1 = b[1] & 0xff, a2 = b[2] & 0xff, a3 = b[3] & 0xff;
      // AWS/GCP/Azure/OpenStack 169.254.169.254, AWS ECS 169.254.170.2, Alibaba 100.100.100.200.
      return (a0 == 169 && a1 == 254 && ((a2 == 169 && a3 == 254) || (a2 == 170 && a3 == 2)))
          || (a0 == 100 && a1 == 100 && a2 == 100 && a3 == 200);
    }
    // AWS IMDS over IPv6: fd00:ec2::254.
    return b.length == 16
        && (b[0] & 0xff) == 0xfd
        && b[1] == 0
        && (b[2] & 0xff) == 0x0e
        && (b[3] & 0xff) == 0xc2
        && isZero(b, 4, 14)
        && (b[15] & 0xff) == 0x54
        && (b[14] & 0xff) == 0x02;
  }

  /** fc00::/7. */
  private static boolean isUniqueLocal(byte[] b) {
    return b.length == 16 && (b[0] & 0xfe) == 0xfc;
  }

  /** 100.64.0.0/10 (carrier-grade NAT), internal to a provider's network. */
  private static boolean isSharedAddressSpace(byte[] b) {
    return b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
  }

  /** The IPv4 address inside NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses. */
  private static InetAddress embeddedIpv4(byte[] b) {
    try {
      if ((b[0] & 0xff) == 0x00
          && (b[1] & 0xff) == 0x64
          && (b[2] & 0xff) == 0xff
          && (b[3] & 0xff) == 0x9b
          && isZero(b, 4, 12)) {
        return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
      }
      if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
        return Inet4Address.getByAddress(new byte[] {b[2], b[3], b[4], b[5]});
      }
      // IPv4-compatible ::a.b.c.d (deprecated, still routed by some stacks), except :: and ::1.
      if (isZero(b, 0, 12) && !((b[12] | b[13] | b[14]) == 0 && (b[15] & 0xfe) == 0)) {
        return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
      }
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    return null;
  }

  private static boolean isZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static String normaliseHost(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }
}
