package io.torale.cli.up;

import com.sun.net.httpserver.HttpServer;
import io.torale.localstack.LocalStack;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import tools.jackson.databind.json.JsonMapper;

/**
 * The caught mail, readable by a person at {@code http://localhost:8025/} and by {@code ./torale
 * mail} at {@code /messages.json}. Lives in the {@code up} process because the catcher does.
 */
final class MailView implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpServer server;

  private MailView(HttpServer server) {
    this.server = server;
  }

  static MailView start(LocalStack stack, int port) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.createContext(
          "/messages.json",
          exchange -> {
            byte[] body = JSON.writeValueAsBytes(messages(stack));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.createContext(
          "/",
          exchange -> {
            byte[] body = html(messages(stack)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.start();
      return new MailView(server);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve the mail view on port "
              + port
              + " (set TORALE_MAIL_UI_PORT to another port)",
          e);
    }
  }

  static List<Map<String, Object>> messages(LocalStack stack) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (MimeMessage message : stack.receivedMessages()) {
      try {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", String.valueOf(List.of(message.getFrom())));
        m.put("to", String.valueOf(List.of(message.getAllRecipients())));
        m.put("subject", message.getSubject());
        m.put("sentAt", String.valueOf(message.getSentDate()));
        m.put("text", plainText(message));
        out.add(m);
      } catch (Exception e) {
        out.add(Map.of("error", e.toString()));
      }
    }
    return out;
  }

  /** The text/plain part of a message (what a person reads), else its whole body. */
  static String plainText(jakarta.mail.Part part) throws Exception {
    if (part.isMimeType("text/plain")) {
      return String.valueOf(part.getContent());
    }
    if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        String text = plainText(multipart.getBodyPart(i));
        if (text != null) {
          return text;
        }
      }
      return null;
    }
    return part instanceof MimeMessage message
        ? com.icegreen.greenmail.util.GreenMailUtil.getBody(message)
        : null;
  }

  private static String html(List<Map<String, Object>> messages) {
    StringBuilder html =
        new StringBuilder(
            "<!doctype html><html><head><title>Torale mail catcher</title></head><body>");
    html.append("<h1>Mail caught by the local SMTP server (")
        .append(messages.size())
        .append(")</h1>");
    for (Map<String, Object> m : messages) {
      html.append("<hr><p><b>")
          .append(escape(m.get("subject")))
          .append("</b><br>to ")
          .append(escape(m.get("to")))
          .append(" at ")
          .append(escape(m.get("sentAt")))
          .append("</p><pre>")
          .append(escape(m.get("text")))
          .append("</pre>");
    }
    return html.append("</body></html>").toString();
  }

  private static String escape(Object value) {
    return String.valueOf(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
