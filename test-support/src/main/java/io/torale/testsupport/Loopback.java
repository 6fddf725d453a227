package io.torale.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import okhttp3.mockwebserver.MockWebServer;

/** Starts and stops the fakes' servers on 127.0.0.1 only: tests never listen beyond loopback. */
public final class Loopback {

  private Loopback() {}

  /** Starts {@code server} on 127.0.0.1 and a free port. */
  public static MockWebServer start(MockWebServer server) {
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void stop(MockWebServer server) {
    try {
      server.shutdown();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
