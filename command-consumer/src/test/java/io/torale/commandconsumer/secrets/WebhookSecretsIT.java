package io.torale.commandconsumer.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.torale.commandconsumer.support.ConsumerIT;
import io.torale.localstack.LocalStackExtension;
import io.torale.platform.task.WebhookTarget;
import io.torale.schemas.secrets.SealedSecrets;
import io.torale.schemas.secrets.SealingKeys;
import io.torale.schemas.secrets.StorageKeys;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.schemas.v1.CommandResult;
import io.torale.schemas.v1.Notifications;
import io.torale.schemas.v1.UpdateTask;
import io.torale.schemas.v1.Webhook;
import io.torale.testsupport.commands.Commands;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Webhook secrets on the real broker and database: a sealed secret is stored encrypted (the row's
 * text never holds the plaintext), a plaintext or undecipherable one is REJECTED without quoting
 * it, and the public sealing key is served to anyone.
 */
class WebhookSecretsIT extends ConsumerIT {

  private static final String SECRET = "whsec_c2VjcmV0cy1pdC1rbm93bi1wbGFpbnRleHQ=";
  private static final String SECRET_BODY = "c2VjcmV0cy1pdC1rbm93bi1wbGFpbnRleHQ";

  @Autowired JdbcClient jdbc;
  @Autowired StorageKeys storageKeys;
  @Autowired StoredSecretsRewrap rewrap;

  @Value("${local.server.port}")
  int port;

  private String webhooksColumn(String taskId) {
    return jdbc.sql("SELECT webhooks::text FROM tasks WHERE id = ?")
        .param(UUID.fromString(taskId))
        .query(String.class)
        .single();
  }

  @Test
  void storesASealedSecretEncryptedUnderTheStorageKey() {
    String taskId = newTaskId();

    applyExpecting(
        Commands.createWithWebhookSecret(taskId, LocalStackExtension.stack().seal(SECRET)),
        CommandOutcome.APPLIED);

    String row = webhooksColumn(taskId);
    assertThat(row).contains("tenc_").doesNotContain(SECRET_BODY).doesNotContain("tsealed_");
    String stored = task(taskId).orElseThrow().notifications().webhooks().getFirst().secret();
    assertThat(storageKeys.decrypt(stored, taskId)).isEqualTo(SECRET);
  }

  @Test
  void refusesAPlaintextSecretWithoutQuotingIt() {
    String taskId = newTaskId();

    CommandResult result =
        applyExpecting(Commands.createWithWebhookSecret(taskId, SECRET), CommandOutcome.REJECTED);

    assertThat(result.getReasons())
        .singleElement()
        .satisfies(
            reason -> {
              assertThat(reason.getField()).isEqualTo("command.notifications.webhooks[0].secret");
              assertThat(reason.getMessage())
                  .contains("plaintext", "/secrets/sealing-key")
                  .doesNotContain(SECRET_BODY);
            });
    assertThat(task(taskId)).isEmpty();
  }

  @Test
  void refusesASecretSealedToAKeyToraleDoesNotHold() {
    String taskId = newTaskId();
    String foreign = SealedSecrets.seal(SealingKeys.publicKeyOf(SealingKeys.generate()), SECRET);

    CommandResult result =
        applyExpecting(Commands.createWithWebhookSecret(taskId, foreign), CommandOutcome.REJECTED);

    assertThat(result.getReasons().getFirst().getMessage()).contains("does not hold");
  }

  @Test
  void anUpdateWithAPlaintextSecretIsRefusedAndLeavesTheStoredOneAsItWas() {
    String taskId = newTaskId();
    applyExpecting(
        Commands.createWithWebhookSecret(taskId, LocalStackExtension.stack().seal(SECRET)),
        CommandOutcome.APPLIED);
    String before = webhooksColumn(taskId);

    applyExpecting(
        Commands.update(
            taskId,
            UpdateTask.newBuilder()
                .setNotifications(
                    new Notifications(
                        List.of(), List.of(new Webhook(Commands.WEBHOOK_URL, "whsec_bmV3"))))
                .build()),
        CommandOutcome.REJECTED);

    assertThat(webhooksColumn(taskId)).isEqualTo(before);
  }

  @Test
  void servesThePublicSealingKeyWithoutAToken() throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      var response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://localhost:" + port + SealingKeyController.PATH))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body().strip())
          .isEqualTo(LocalStackExtension.stack().sealingPublicKey())
          .startsWith("tspk_");
    }
  }

  @Test
  void encryptsAPlaintextSecretLeftByAnEarlierReleaseAtStartUp() {
    String taskId = newTaskId();
    applyExpecting(Commands.create(taskId), CommandOutcome.APPLIED);
    UUID id = UUID.fromString(taskId);
    // As an earlier release stored it.
    tasks.replaceWebhooks(
        id,
        task(taskId).orElseThrow().notifications().webhooks(),
        List.of(new WebhookTarget(Commands.WEBHOOK_URL, SECRET)));
    assertThat(webhooksColumn(taskId)).contains(SECRET_BODY);

    rewrap.run(null);

    assertThat(webhooksColumn(taskId)).doesNotContain(SECRET_BODY).contains("tenc_");
    String stored = task(taskId).orElseThrow().notifications().webhooks().getFirst().secret();
    assertThat(storageKeys.decrypt(stored, taskId)).isEqualTo(SECRET);
  }
}
