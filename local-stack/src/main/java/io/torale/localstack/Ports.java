package io.torale.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** Port checks and free-port allocation. */
final class Ports {

  private static final Set<Integer> handedOut = new HashSet<>();
  private static final int FIRST_CHOSEN = 20_000;
  private static final int LAST_CHOSEN = 32_000;
  private static final java.util.Random RANDOM = new java.security.SecureRandom();

  private Ports() {}

  /** Fails with a message naming the component and the variable to change if the port is taken. */
  static void requireFree(String component, int port, String envVar) {
    if (!isFree(port)) {
      throw new PortInUseException(component, port, envVar);
    }
  }

  static boolean isFree(int port) {
    // Binding the wildcard address conflicts with a listener on any local address.
    try (ServerSocket socket = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * A currently free port not handed out before by this JVM; {@code port} itself if non-zero.
   *
   * <p>Chosen at random below Linux's ephemeral range (32768 and up): a port the OS hands out for
   * an outgoing connection or a bind to port 0 (the Temporal dev server's internal services do
   * that) can then never take a port we chose but have not bound yet.
   */
  static synchronized int orFree(int port) {
    if (port != 0) {
      return port;
    }
    for (int attempt = 0; attempt < 200; attempt++) {
      int candidate = FIRST_CHOSEN + RANDOM.nextInt(LAST_CHOSEN - FIRST_CHOSEN);
      if (!handedOut.contains(candidate) && isFree(candidate)) {
        handedOut.add(candidate);
        return candidate;
      }
    }
    throw new IllegalStateException("no free port between " + FIRST_CHOSEN + " and " + LAST_CHOSEN);
  }

  static boolean accepts(int port, Duration timeout) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("localhost", port), (int) timeout.toMillis());
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
