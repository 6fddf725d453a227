package io.torale.notifier.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.torale.notifier.delivery.Channel;
import io.torale.notifier.delivery.Delivery;
import io.torale.notifier.delivery.NotificationPayload;
import io.torale.notifier.delivery.Outcome;
import io.torale.notifier.delivery.Status;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** Real Jakarta Mail against a local fake SMTP server: how recipient replies become outcomes. */
class EmailSenderTest {

  @Test
  void permanentRecipientRejectionFailsAtOnce() throws Exception {
    try (var smtp = new FakeSmtpServer("550 5.1.1 <ann@example.com>: no such user")) {
      Outcome outcome = sender(smtp).send(delivery());

      assertThat(outcome).isInstanceOf(Outcome.Failed.class);
      assertThat(outcome.error()).startsWith("SMTP: recipient rejected:").contains("550");
      assertThat(smtp.messages).hasValue(0);
    }
  }

  @Test
  void temporaryRecipientRejectionIsRetried() throws Exception {
    try (var smtp = new FakeSmtpServer("450 4.2.0 mailbox busy, try later")) {
      Outcome outcome = sender(smtp).send(delivery());

      assertThat(outcome).isInstanceOf(Outcome.Retryable.class);
      assertThat(smtp.messages).hasValue(0);
    }
  }

  @Test
  void acceptedRecipientIsDelivered() throws Exception {
    try (var smtp = new FakeSmtpServer("250 2.1.5 ok")) {
      assertThat(sender(smtp).send(delivery())).isInstanceOf(Outcome.Delivered.class);
      assertThat(smtp.messages).hasValue(1);
    }
  }

  @Test
  void anEmailWhoseLeaseCannotCoverTheAttemptIsGivenBackUnsent() throws Exception {
    try (var smtp = new FakeSmtpServer("250 2.1.5 ok")) {
      // 10 s of the claim's lease left, attempts may take 30 s: another instance could claim it
      // again while this one still sends.
      Outcome outcome = sender(smtp.port(), 5000, Duration.ofSeconds(30)).send(delivery(10));

      assertThat(outcome).isInstanceOf(Outcome.Deferred.class);
      assertThat(smtp.messages).hasValue(0);
    }
  }

  @Test
  void aStalledServerIsCutOffAtTheAttemptTimeout() throws Exception {
    // Accepts connections and never says a word; Jakarta Mail's own timeouts (60 s) would wait.
    try (var silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      EmailSender sender = sender(silent.getLocalPort(), 60_000, Duration.ofSeconds(1));
      long start = System.nanoTime();
      Outcome outcome;
      try (var thread = Executors.newVirtualThreadPerTaskExecutor()) {
        outcome = thread.submit(() -> sender.send(delivery(120))).get(30, TimeUnit.SECONDS);
      }

      assertThat(outcome).isInstanceOf(Outcome.Retryable.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }
  }

  private static EmailSender sender(FakeSmtpServer smtp) {
    return sender(smtp.port(), 5000, Duration.ofSeconds(30));
  }

  private static EmailSender sender(int port, int smtpTimeoutMillis, Duration attemptTimeout) {
    var mail = new JavaMailSenderImpl();
    mail.setHost("127.0.0.1");
    mail.setPort(port);
    Properties timeouts = new Properties();
    timeouts.put("mail.smtp.connectiontimeout", Integer.toString(smtpTimeoutMillis));
    timeouts.put("mail.smtp.timeout", Integer.toString(smtpTimeoutMillis));
    mail.setJavaMailProperties(timeouts);
    var properties =
        new EmailProperties(
            "Torale <torale@localhost>", 10, 200, List.of(Duration.ZERO), 0, attemptTimeout);
    // A mocked quota answers null: the email may be sent.
    return new EmailSender(mail, new EmailTemplates(), mock(EmailQuota.class), properties);
  }

  private static Delivery delivery() {
    return delivery(120);
  }

  /** A delivery claimed with {@code leaseSecondsLeft} of its lease left. */
  private static Delivery delivery(int leaseSecondsLeft) {
    var payload =
        new NotificationPayload(
            "evt-1",
            "exec-1",
            "task-1",
            "A task",
            "query",
            "condition",
            "owner",
            Map.of(),
            "answer",
            "what changed",
            List.of(),
            Instant.now(),
            List.of(new NotificationPayload.Fact("eventDate", "DATE", "2026-09-09")));
    return new Delivery(
        "msg_1",
        "evt-1",
        "task-1",
        "owner",
        Channel.EMAIL,
        "ann@example.com",
        "a***@example.com",
        Status.PENDING,
        0,
        payload,
        false,
        null,
        System.nanoTime() + TimeUnit.SECONDS.toNanos(leaseSecondsLeft));
  }
}
