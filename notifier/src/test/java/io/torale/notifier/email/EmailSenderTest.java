package io.torale.notifier.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.torale.notifier.delivery.Channel;
import io.torale.notifier.delivery.Delivery;
import io.torale.notifier.delivery.NotificationPayload;
import io.torale.notifier.delivery.Outcome;
import io.torale.notifier.delivery.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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

  private static EmailSender sender(FakeSmtpServer smtp) {
    var mail = new JavaMailSenderImpl();
    mail.setHost("127.0.0.1");
    mail.setPort(smtp.port());
    Properties timeouts = new Properties();
    timeouts.put("mail.smtp.connectiontimeout", "5000");
    timeouts.put("mail.smtp.timeout", "5000");
    mail.setJavaMailProperties(timeouts);
    var properties =
        new EmailProperties(
            "Torale <torale@localhost>", 10, 200, List.of(java.time.Duration.ZERO), 0);
    // A mocked quota answers null: the email may be sent.
    return new EmailSender(mail, new EmailTemplates(), mock(EmailQuota.class), properties);
  }

  private static Delivery delivery() {
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
        null);
  }
}
