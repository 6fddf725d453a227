package io.torale.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** Port checks and free-port allocation. */
final class Ports {

  private static final Set<Integer> handedOut = new HashSet<>();

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

  /** A currently free port not handed out before by this JVM; {@code port} itself if non-zero. */
  static synchronized int orFree(int port) {
    if (port != 0) {
      return port;
    }
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket socket = new ServerSocket(0)) {
        int candidate = socket.getLocalPort();
        if (handedOut.add(candidate)) {
          return candidate;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no free port found");
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
