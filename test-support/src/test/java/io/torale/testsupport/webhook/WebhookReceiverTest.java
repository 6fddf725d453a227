package io.torale.testsupport.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookReceiverTest {

  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String BODY =
      "{\"type\":\"task.condition_met\",\"data\":{\"execution_id\":\"run-1\",\"task\":{\"id\":\"t-1\"}}}";

  private final WebhookReceiver receiver = new WebhookReceiver(SECRET);
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void acceptsAValidSignatureAndParsesTheBody() throws Exception {
    var pending = receiver.expect("run-1");

    assertThat(post("/hooks", BODY, sign(SECRET, BODY)).statusCode()).isEqualTo(200);

    Received received = pending.get(10, TimeUnit.SECONDS);
    assertThat(received.signatureValid()).isTrue();
    assertThat(received.webhookId()).isEqualTo("msg_1");
    assertThat(receiver.forTask("t-1")).containsExactly(received);
    assertThat(receiver.on(receiver.url("/hooks"))).containsExactly(received);
  }

  @Test
  void flagsATamperedBodyAndAnotherSecret() throws Exception {
    post("/tampered", BODY.replace("t-1", "t-2"), sign(SECRET, BODY));
    post("/other", BODY, sign("whsec_" + "b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldA==", BODY));

    assertThat(receiver.on("/tampered")).singleElement().matches(r -> !r.signatureValid());
    assertThat(receiver.on("/other")).singleElement().matches(r -> !r.signatureValid());
  }

  @Test
  void answersByRequestNumberWithRetryAfterAndFailsWhenTold() throws Exception {
    receiver.answer("/busy", n -> n == 2 ? 429 : 204).retryAfter("/busy", () -> "7");
    receiver.failNext(1);

    assertThat(post("/busy", BODY, sign(SECRET, BODY)).statusCode()).isEqualTo(500);
    HttpResponse<String> limited = post("/busy", BODY, sign(SECRET, BODY));
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
    assertThat(post("/busy", BODY, sign(SECRET, BODY)).statusCode()).isEqualTo(204);
  }

  private HttpResponse<String> post(String path, String body, String signature) throws Exception {
    long now = Instant.now().getEpochSecond();
    return http.send(
        HttpRequest.newBuilder(URI.create(receiver.url(path)))
            .header("webhook-id", "msg_1")
            .header("webhook-timestamp", Long.toString(now))
            .header("webhook-signature", signature)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String sign(String secret, String body) throws Exception {
    return new Webhook(secret).sign("msg_1", Instant.now().getEpochSecond(), body);
  }
}
