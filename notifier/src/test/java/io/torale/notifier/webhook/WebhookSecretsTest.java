package io.torale.notifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torale.platform.task.WebhookTarget;
import io.torale.schemas.secrets.StorageKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The secret lookup through {@link TaskWebhooks}, and its cache, with an in-memory source. */
class WebhookSecretsTest {

  private static final String DEFAULT = "whsec_default";
  private static final String OWN = "whsec_b3duLXNlY3JldA==";
  private final UUID task = UUID.randomUUID();
  private final StorageKeys storageKeys = StorageKeys.of(List.of(StorageKeys.generate()));
  // As the task API serves it: encrypted under the storage key, bound to the task.
  private final String stored = storageKeys.encrypt(OWN, task.toString());
  private final List<Collection<UUID>> lookups = new ArrayList<>();

  private final TaskWebhooks source =
      ids -> {
        lookups.add(List.copyOf(ids));
        return ids.contains(task)
            ? Map.of(
                task,
                List.of(
                    new WebhookTarget("https://own.example.com/hook", stored),
                    new WebhookTarget("https://plain.example.com/hook", null)))
            : Map.of();
      };

  private WebhookSecrets secrets(Duration ttl) {
    return new WebhookSecrets(
        source,
        new WebhookProperties(
            Duration.ofSeconds(1), List.of(Duration.ZERO), 0, DEFAULT, List.of(), 20, 8, ttl, null),
        storageKeys);
  }

  @Test
  void usesTheTasksOwnSecretElseTheDefault() {
    WebhookSecrets secrets = secrets(Duration.ZERO);

    assertThat(secrets.secretFor(task.toString(), "https://own.example.com/hook")).isEqualTo(OWN);
    assertThat(secrets.secretFor(task.toString(), "https://plain.example.com/hook"))
        .isEqualTo(DEFAULT);
    assertThat(secrets.secretFor(UUID.randomUUID().toString(), "https://own.example.com/hook"))
        .isEqualTo(DEFAULT);
    assertThat(secrets.secretFor("not-a-task-id", "https://own.example.com/hook"))
        .isEqualTo(DEFAULT);
    assertThat(lookups).as("no lookup for an id that is not a task id").hasSize(3);
  }

  @Test
  void aStoredSecretThatDoesNotDecryptHereIsAnErrorNotTheDefault() {
    WebhookSecrets secrets =
        new WebhookSecrets(
            source,
            new WebhookProperties(
                Duration.ofSeconds(1),
                List.of(Duration.ZERO),
                0,
                DEFAULT,
                List.of(),
                20,
                8,
                Duration.ZERO,
                null),
            StorageKeys.of(List.of(StorageKeys.generate())));

    assertThatThrownBy(() -> secrets.secretFor(task.toString(), "https://own.example.com/hook"))
        .isInstanceOf(WebhookSecrets.UndecryptableSecretException.class)
        .hasMessageContaining("not configured")
        .hasMessageNotContaining(OWN);
  }

  @Test
  void aPrefetchedClaimIsSignedWithoutAnotherLookup() {
    WebhookSecrets secrets = secrets(Duration.ofMinutes(1));
    UUID other = UUID.randomUUID();

    secrets.prefetch(
        List.of(
            new WebhookSecrets.Endpoint(task.toString(), "https://own.example.com/hook"),
            new WebhookSecrets.Endpoint(other.toString(), "https://x.example.com/")));

    assertThat(secrets.secretFor(task.toString(), "https://own.example.com/hook")).isEqualTo(OWN);
    assertThat(secrets.secretFor(other.toString(), "https://x.example.com/")).isEqualTo(DEFAULT);
    assertThat(lookups).containsExactly(List.of(task, other));
  }
}
