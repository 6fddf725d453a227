package io.torale.localstack;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;

/**
 * An SMTP server that keeps every mail it receives, readable over IMAP (any user name and password:
 * log in as the recipient's address to see that recipient's mail) and through {@link
 * #receivedMessages()}.
 */
public final class MailCatcher implements AutoCloseable {

  private final GreenMail greenMail;

  private MailCatcher(GreenMail greenMail) {
    this.greenMail = greenMail;
  }

  static MailCatcher start(int smtpPort, int imapPort) {
    GreenMail greenMail =
        new GreenMail(
                new ServerSetup[] {
                  new ServerSetup(smtpPort, "localhost", ServerSetup.PROTOCOL_SMTP),
                  new ServerSetup(imapPort, "localhost", ServerSetup.PROTOCOL_IMAP)
                })
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    greenMail.start();
    return new MailCatcher(greenMail);
  }

  /** Every mail received so far, oldest first. */
  public List<MimeMessage> receivedMessages() {
    return List.of(greenMail.getReceivedMessages());
  }

  /**
   * Waits until at least {@code count} mails have arrived in total and returns them all.
   *
   * @throws IllegalStateException if fewer arrived within the timeout
   */
  public List<MimeMessage> waitForMessages(int count, Duration timeout) {
    if (!greenMail.waitForIncomingEmail(timeout.toMillis(), count)) {
      throw new IllegalStateException(
          "expected "
              + count
              + " mail(s) within "
              + timeout
              + ", got "
              + greenMail.getReceivedMessages().length);
    }
    return receivedMessages();
  }

  /** Deletes every mail received so far (between tests). */
  public void purge() {
    try {
      greenMail.purgeEmailFromAllMailboxes();
    } catch (Exception e) {
      throw new IllegalStateException("cannot purge the mail catcher", e);
    }
  }

  @Override
  public void close() {
    greenMail.stop();
  }
}
