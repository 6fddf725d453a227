package io.torale.platform.egress;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one SSRF guard of every outbound call a task's author chooses the target of (the worker's
 * page fetch, the notifier's webhooks). HTTP clients call it as their DNS resolver, so the
 * addresses it checks are the addresses they then connect to: there is no second lookup an attacker
 * could answer differently (DNS rebinding). A host is refused if any of its addresses is loopback,
 * private, carrier-grade NAT, link-local, unspecified, multicast or a cloud metadata address,
 * including those addresses embedded in IPv4-mapped, IPv4-compatible, NAT64 and 6to4 IPv6
 * addresses. Allow-listed hosts (the local stack's {@code localhost}) skip the check; production
 * allow-lists are empty.
 *
 * <p>Hand-written because no maintained Java library does this classification with the embedded
 * IPv4 forms; the JDK's {@code InetAddress.is*} predicates cover only part of it.
 */
public final class EgressGuard {

  /** Resolves a host name to every address it has (the system resolver in production). */
  @FunctionalInterface
  public interface Resolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;
  }

  /** The JDK's resolver. */
  public static final Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

  private static final Set<String> METADATA_NAMES =
      Set.of("metadata.google.internal", "metadata.goog", "metadata", "instance-data");

  private final Set<String> allowedHosts;

  public EgressGuard(Collection<String> allowedHosts) {
    this.allowedHosts =
        allowedHosts.stream()
            .map(EgressGuard::normaliseHost)
            .filter(h -> !h.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
  }

  /** Whether the host (as written in a URL) is on the allow-list and skips the checks. */
  public boolean allowListed(String host) {
    return allowedHosts.contains(normaliseHost(host));
  }

  /**
   * Resolves {@code host} with {@code resolver} and returns its addresses, or refuses when any of
   * them is internal (and the host is not allow-listed).
   */
  public List<InetAddress> resolve(String host, Resolver resolver) throws UnknownHostException {
    String name = normaliseHost(host);
    if (allowedHosts.contains(name)) {
      return resolver.resolve(name);
    }
    if (METADATA_NAMES.contains(name)) {
      throw new EgressRefusedException(host + " is a cloud metadata host");
    }
    List<InetAddress> addresses = resolver.resolve(name);
    for (InetAddress address : addresses) {
      String kind = forbiddenKind(address);
      if (kind != null) {
        throw new EgressRefusedException(host + " resolves to a " + kind + " address");
      }
    }
    return addresses;
  }

  /**
   * Refuses an IP-literal host that is internal and not allow-listed; names pass (their addresses
   * are checked when they are resolved). For clients that do not resolve literals through their
   * resolver.
   */
  public void checkLiteral(String host) throws EgressRefusedException {
    String name = normaliseHost(host);
    if (allowedHosts.contains(name)) {
      return;
    }
    InetAddress literal;
    try {
      literal = InetAddress.ofLiteral(name);
    } catch (IllegalArgumentException notALiteral) {
      return;
    }
    String kind = forbiddenKind(literal);
    if (kind != null) {
      throw new EgressRefusedException(host + " is a " + kind + " address");
    }
  }

  /** What kind of internal address this is, or null for an address on the public internet. */
  public static String forbiddenKind(InetAddress address) {
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

  /** Whether an address is on the public internet. */
  public static boolean isPublic(InetAddress address) {
    return forbiddenKind(address) == null;
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
        && (b[14] & 0xff) == 0x02
        && (b[15] & 0xff) == 0x54;
  }

  /** fc00::/7. */
  private static boolean isUniqueLocal(byte[] b) {
    return b.length == 16 && (b[0] & 0xfe) == 0xfc;
  }

  /** 100.64.0.0/10 (carrier-grade NAT), internal to a provider's network. */
  private static boolean isSharedAddressSpace(byte[] b) {
    return b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
  }

  /**
   * The IPv4 address inside IPv4-mapped (::ffff:0:0/96), NAT64 (64:ff9b::/96), 6to4 (2002::/16) and
   * IPv4-compatible (::a.b.c.d) addresses, or null.
   */
  private static InetAddress embeddedIpv4(byte[] b) {
    boolean mapped = isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    boolean nat64 =
        (b[0] & 0xff) == 0x00
            && (b[1] & 0xff) == 0x64
            && (b[2] & 0xff) == 0xff
            && (b[3] & 0xff) == 0x9b
            && isZero(b, 4, 12);
    // Deprecated but still routed by some stacks; :: and ::1 are themselves, not IPv4.
    boolean compatible = isZero(b, 0, 12) && !((b[12] | b[13] | b[14]) == 0 && (b[15] & 0xfe) == 0);
    if (mapped || nat64 || compatible) {
      return v4(b[12], b[13], b[14], b[15]);
    }
    if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
      return v4(b[2], b[3], b[4], b[5]);
    }
    return null;
  }

  private static InetAddress v4(byte a, byte b, byte c, byte d) {
    try {
      return Inet4Address.getByAddress(new byte[] {a, b, c, d});
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an IPv4 address", e);
    }
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
