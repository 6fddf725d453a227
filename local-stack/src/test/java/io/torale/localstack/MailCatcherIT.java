package io.torale.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class MailCatcherIT {

  @Test
  void mailSentOverSmtpIsCaughtAndReadableOverImap(LocalStack stack) throws Exception {
    String subject = "Condition met " + UUID.randomUUID();
    String recipient = "watcher@example.com";
    int before = stack.mail().receivedMessages().size();

    Properties props = new Properties();
    props.put("mail.smtp.host", "localhost");
    props.put("mail.smtp.port", Integer.toString(stack.smtpPort()));
    Session session = Session.getInstance(props);
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress("torale@localhost"));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
    message.setSubject(subject);
    message.setText("The page changed.");
    Transport.send(message);

    List<MimeMessage> received = stack.mail().waitForMessages(before + 1, Duration.ofSeconds(10));
    assertThat(received).extracting(MimeMessage::getSubject).contains(subject);

    Properties imapProps = new Properties();
    imapProps.put("mail.imap.host", "localhost");
    imapProps.put("mail.imap.port", Integer.toString(stack.imapPort()));
    Store store = Session.getInstance(imapProps).getStore("imap");
    store.connect(recipient, "any password");
    try {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      assertThat(List.of(inbox.getMessages())).extracting(Message::getSubject).contains(subject);
      inbox.close(false);
    } finally {
      store.close();
    }
  }
}
