package io.torale.notifier.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal SMTP server on 127.0.0.1 that answers {@code RCPT TO} with a fixed reply (e.g. {@code
 * 550 5.1.1 no such user}) and everything else with success. It counts accepted messages.
 */
final class FakeSmtpServer implements AutoCloseable {

  private final ServerSocket socket;
  private final String rcptReply;
  final AtomicInteger messages = new AtomicInteger();

  FakeSmtpServer(String rcptReply) throws IOException {
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.rcptReply = rcptReply;
    Thread.ofVirtual().start(this::accept);
  }

  int port() {
    return socket.getLocalPort();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        Thread.ofVirtual().start(() -> converse(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void converse(Socket client) {
    try (client;
        var in =
            new BufferedReader(
                new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        var out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.US_ASCII)) {
      reply(out, "220 fake ESMTP");
      String line;
      while ((line = in.readLine()) != null) {
        String command = line.length() < 4 ? line : line.substring(0, 4).toUpperCase();
        switch (command) {
          case "RCPT" -> reply(out, rcptReply);
          case "DATA" -> {
            reply(out, "354 go ahead");
            while ((line = in.readLine()) != null && !line.equals(".")) {
              // the message itself is not needed
            }
            messages.incrementAndGet();
            reply(out, "250 accepted");
          }
          case "QUIT" -> {
            reply(out, "221 bye");
            return;
          }
          default -> reply(out, "250 ok");
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static void reply(PrintWriter out, String line) {
    out.print(line + "\r\n");
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
