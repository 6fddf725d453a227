package io.torale.notifier.email;

import io.torale.notifier.delivery.Channel;
import io.torale.notifier.delivery.ChannelSender;
import io.torale.notifier.delivery.Delivery;
import io.torale.notifier.delivery.Outcome;
import io.torale.notifier.delivery.RetryLadder;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.dao.DataAccessException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends one email per attempt over SMTP, with a plain-text and an HTML part. Deliveries over a rate
 * limit are suppressed (recorded, not sent); an unusable address, or a recipient the server rejects
 * for good (5xx), fails at once; other SMTP errors are retried on the email schedule.
 */
@Component
class EmailSender implements ChannelSender {

  private final JavaMailSender mail;
  private static final Duration QUOTA_BUSY_DEFER = Duration.ofSeconds(1);

  private final EmailTemplates templates;
  private final EmailQuota quota;
  private final EmailProperties properties;
  private final RetryLadder ladder;
  private final ScheduledExecutorService deadlines =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("email-deadlines").daemon().factory());

  EmailSender(
      JavaMailSender mail, EmailTemplates templates, EmailQuota quota, EmailProperties properties) {
    this.mail = mail;
    this.templates = templates;
    this.quota = quota;
    this.properties = properties;
    this.ladder = new RetryLadder(properties.retrySchedule(), properties.jitter());
  }

  @Override
  public Channel channel() {
    return Channel.EMAIL;
  }

  @Override
  public RetryLadder ladder() {
    return ladder;
  }

  @Override
  public Duration longestAttempt() {
    return properties.attemptTimeout();
  }

  @Override
  public Outcome send(Delivery delivery) {
    InternetAddress to;
    try {
      to = new InternetAddress(delivery.target(), true);
    } catch (MessagingException e) {
      return new Outcome.Failed(null, "invalid email address", false);
    }
    String over;
    try {
      over = quota.reserve(delivery);
    } catch (DataAccessException e) {
      // Not counted as an attempt: the limits could not be checked now.
      return new Outcome.Deferred(QUOTA_BUSY_DEFER);
    }
    if (over != null) {
      return new Outcome.Suppressed(over);
    }
    if (!delivery.leaseAllows(properties.attemptTimeout())) {
      // Checking the limits took so long that the attempt could outlive the claim: give it back.
      return new Outcome.Deferred(Duration.ZERO);
    }
    var rendered = templates.render(delivery.payload());
    try {
      MimeMessage message = mail.createMimeMessage();
      var helper = new MimeMessageHelper(message, true, "UTF-8");
      helper.setFrom(properties.from());
      helper.setTo(to);
      helper.setSubject(rendered.subject());
      helper.setText(rendered.text(), rendered.html());
      // Lets a mail client or the catcher tie the message to its delivery record.
      message.setHeader("X-Torale-Delivery-Id", delivery.id());
      sendWithin(message, properties.attemptTimeout());
      return new Outcome.Delivered(null);
    } catch (MailParseException | MessagingException e) {
      return new Outcome.Failed(null, "could not build the message: " + e.getMessage(), false);
    } catch (MailException e) {
      String rejected = permanentRejection(e);
      if (rejected != null) {
        return new Outcome.Failed(null, "SMTP: recipient rejected: " + rejected, false);
      }
      return new Outcome.Retryable(null, "SMTP: " + rootMessage(e), null);
    }
  }

  /**
   * Sends, interrupting this (virtual) thread after {@code timeout}: blocking socket I/O of a
   * virtual thread ends when it is interrupted, so the attempt cannot outlive its claim's lease.
   */
  private void sendWithin(MimeMessage message, Duration timeout) {
    Thread sender = Thread.currentThread();
    Object guard = new Object();
    boolean[] done = {false};
    ScheduledFuture<?> deadline =
        deadlines.schedule(
            () -> {
              synchronized (guard) {
                if (!done[0]) {
                  sender.interrupt();
                }
              }
            },
            timeout.toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      mail.send(message);
    } finally {
      synchronized (guard) {
        done[0] = true;
      }
      deadline.cancel(false);
      // An interrupt that came as the send ended must not leak into the next use of this thread.
      Thread.interrupted();
    }
  }

  /**
   * The server's answer when it refused the recipient for good (a 5xx reply to {@code RCPT TO}),
   * else null. Jakarta Mail lists such recipients as invalid; a 4xx (mailbox busy, greylisting) or
   * a 552 lists them as valid but unsent, and those are retried.
   */
  static String permanentRejection(MailException e) {
    List<Throwable> found = new ArrayList<>();
    if (e instanceof MailSendException send) {
      found.addAll(List.of(send.getMessageExceptions()));
    }
    found.add(e.getCause());
    for (Throwable t : found) {
      for (Throwable c = t; c != null; c = next(c)) {
        if (c instanceof SendFailedException failed
            && failed.getInvalidAddresses() != null
            && failed.getInvalidAddresses().length > 0) {
          Exception reply = failed.getNextException();
          return reply != null && reply.getMessage() != null
              ? reply.getMessage().strip()
              : failed.getMessage();
        }
      }
    }
    return null;
  }

  private static Throwable next(Throwable t) {
    Throwable next =
        t instanceof MessagingException m && m.getNextException() != null
            ? m.getNextException()
            : t.getCause();
    return next == t ? null : next;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
