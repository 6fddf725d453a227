package io.torale.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One address on loopback in front of several instances of a service, as a load balancer (a
 * Kubernetes Service, a cloud load balancer) is in production: each new connection goes to the next
 * instance in turn that accepts it, so an instance that died ({@code kill -9}: its port refuses) is
 * skipped at once. Used for command-consumer's task API when {@code ./torale up --instances N} or a
 * test runs several instances, so the worker and the notifier keep reading tasks when one
 * command-consumer is gone.
 *
 * <p>Hand-written rather than a library: it is a plain TCP relay of about fifty lines on virtual
 * threads, for the local stack only; nothing HTTP-specific, no health checks beyond "connects".
 */
public final class Balancer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Balancer.class);
  private static final int CONNECT_TIMEOUT_MILLIS = 1_000;

  private final ServerSocket server;
  private final List<Integer> backends;
  private final AtomicInteger next = new AtomicInteger();
  private volatile boolean open = true;

  private Balancer(ServerSocket server, List<Integer> backends) {
    this.server = server;
    this.backends = List.copyOf(backends);
  }

  /**
   * Listens on {@code port} of 127.0.0.1 (0: a free one) for the instances on {@code backends};
   * {@code portVariable} is named when the port is taken.
   */
  public static Balancer start(int port, List<Integer> backends, String portVariable) {
    try {
      ServerSocket server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      Balancer balancer = new Balancer(server, backends);
      Thread.ofVirtual().name("balancer-" + server.getLocalPort()).start(balancer::accept);
      return balancer;
    } catch (IOException e) {
      throw new PortInUseException("the balancer", port, portVariable);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  public String baseUrl() {
    return "http://localhost:" + port();
  }

  private void accept() {
    while (open) {
      try {
        Socket client = server.accept();
        Thread.ofVirtual().start(() -> relay(client));
      } catch (IOException e) {
        if (open) {
          log.warn("balancer on {}: accept failed: {}", port(), e.toString());
        }
      }
    }
  }

  private void relay(Socket client) {
    Socket backend = connectToAnyBackend();
    if (backend == null) {
      close(client);
      return;
    }
    Thread.ofVirtual().start(() -> pipe(client, backend));
    pipe(backend, client);
  }

  /** The next instance in turn that accepts a connection; null when none does. */
  private Socket connectToAnyBackend() {
    int start = Math.floorMod(next.getAndIncrement(), backends.size());
    for (int i = 0; i < backends.size(); i++) {
      int port = backends.get((start + i) % backends.size());
      Socket socket = new Socket();
      try {
        socket.connect(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MILLIS);
        return socket;
      } catch (IOException down) {
        close(socket);
      }
    }
    return null;
  }

  /** Copies until either side ends, then closes both (the other direction's pipe ends with it). */
  private static void pipe(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException ended) {
      // a side closed or died: nothing to relay any more
    } finally {
      close(from);
      close(to);
    }
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  @Override
  public void close() {
    open = false;
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
