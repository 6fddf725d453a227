package io.torale.notifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.torale.platform.task.WebhookTarget;
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
  private final UUID task = UUID.randomUUID();
  private final List<Collection<UUID>> lookups = new ArrayList<>();

  private final TaskWebhooks source =
      ids -> {
        lookups.add(List.copyOf(ids));
        return ids.contains(task)
            ? Map.of(
                task,
                List.of(
                    new WebhookTarget("https://own.example.com/hook", "whsec_own"),
                    new WebhookTarget("https://plain.example.com/hook", null)))
            : Map.of();
      };

  private WebhookSecrets secrets(Duration ttl) {
    return new WebhookSecrets(
        source,
        new WebhookProperties(
            Duration.ofSeconds(1),
            List.of(Duration.ZERO),
            0,
            DEFAULT,
            List.of(),
            20,
            8,
            ttl,
            null));
  }

  @Test
  void usesTheTasksOwnSecretElseTheDefault() {
    WebhookSecrets secrets = secrets(Duration.ZERO);

    assertThat(secrets.secretFor(task.toString(), "https://own.example.com/hook"))
        .isEqualTo("whsec_own");
    assertThat(secrets.secretFor(task.toString(), "https://plain.example.com/hook"))
        .isEqualTo(DEFAULT);
    assertThat(secrets.secretFor(UUID.randomUUID().toString(), "https://own.example.com/hook"))
        .isEqualTo(DEFAULT);
    assertThat(secrets.secretFor("not-a-task-id", "https://own.example.com/hook"))
        .isEqualTo(DEFAULT);
    assertThat(lookups).as("no lookup for an id that is not a task id").hasSize(3);
  }

  @Test
  void aPrefetchedClaimIsSignedWithoutAnotherLookup() {
    WebhookSecrets secrets = secrets(Duration.ofMinutes(1));
    UUID other = UUID.randomUUID();

    secrets.prefetch(
        List.of(
            new WebhookSecrets.Endpoint(task.toString(), "https://own.example.com/hook"),
            new WebhookSecrets.Endpoint(other.toString(), "https://x.example.com/")));

    assertThat(secrets.secretFor(task.toString(), "https://own.example.com/hook"))
        .isEqualTo("whsec_own");
    assertThat(secrets.secretFor(other.toString(), "https://x.example.com/")).isEqualTo(DEFAULT);
    assertThat(lookups).containsExactly(List.of(task, other));
  }
}
