package io.torale.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The balancer in front of several instances, with real HTTP servers on loopback as the instances:
 * new connections go round the instances, and an instance that is gone (its port refuses) is
 * skipped, so every request is still answered.
 */
class BalancerTest {

  private final List<HttpServer> instances = new ArrayList<>();

  @AfterEach
  void stopInstances() {
    instances.forEach(server -> server.stop(0));
  }

  @Test
  void newConnectionsGoRoundTheInstances() throws Exception {
    List<Integer> ports = List.of(instance("a"), instance("b"));
    try (Balancer balancer = Balancer.start(0, ports, "TEST_PORT")) {
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        answers.add(getOnANewConnection(balancer));
      }
      assertThat(answers).containsExactlyInAnyOrder("a", "a", "b", "b");
    }
  }

  @Test
  void anInstanceThatIsGoneIsSkipped() throws Exception {
    int gone = instance("gone");
    instances.getFirst().stop(0); // its port refuses from now on, as after kill -9
    List<Integer> ports = List.of(gone, instance("alive"));
    try (Balancer balancer = Balancer.start(0, ports, "TEST_PORT")) {
      for (int i = 0; i < 4; i++) {
        assertThat(getOnANewConnection(balancer)).isEqualTo("alive");
      }
    }
  }

  private int instance(String name) throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = name.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    instances.add(server);
    return server.getAddress().getPort();
  }

  /**
   * A fresh client each time: one connection per request, as the balancer decides per connection.
   */
  private static String getOnANewConnection(Balancer balancer) throws Exception {
    try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(balancer.baseUrl() + "/")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    }
  }
}
