package io.torale.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.torale.platform.task.MatchType;
import io.torale.platform.task.Notifications;
import io.torale.platform.task.NotifyBehavior;
import io.torale.platform.task.Task;
import io.torale.platform.task.TaskSchedule;
import io.torale.platform.task.TaskSource;
import io.torale.platform.task.TaskStatus;
import io.torale.platform.task.TextMatch;
import io.torale.platform.task.WebhookEndpointRef;
import io.torale.platform.task.WebhookTarget;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A snapshot is read back from workflow history (saved histories, runs in flight during a deploy),
 * so its JSON must stay what earlier workers wrote, whatever the model behind it looks like.
 */
class TaskSnapshotTest {

  /** The getTask result as a v1 history holds it ({@code succeeded-once-completed.v1.json}). */
  private static final String RECORDED =
      """
      {"taskId":"22222222-2222-2222-2222-222222222222","name":"t","searchQuery":"q",\
      "condition":"c","notifyBehavior":"ONCE","sourceType":"GROUNDED_SEARCH","sourceUrl":null,\
      "cssSelector":null,"matchType":null,"matchPattern":null,"emails":["a@example.com"],\
      "webhookUrls":[],"owner":"owner","context":{},"status":"ACTIVE",\
      "lastCheckedAtMillis":null,"notifiedBefore":false}""";

  private final JacksonJsonPayloadConverter json = new JacksonJsonPayloadConverter();

  @Test
  void readsTheSnapshotARecordedHistoryHolds() {
    TaskSnapshot snapshot = read(RECORDED);

    assertThat(snapshot.notifyBehavior()).isEqualTo(NotifyBehavior.ONCE);
    assertThat(snapshot.status()).isEqualTo(TaskStatus.ACTIVE);
    assertThat(snapshot.active()).isTrue();
    assertThat(snapshot.source()).isEqualTo(new TaskSource.GroundedSearch());
    assertThat(snapshot.emails()).containsExactly("a@example.com");
  }

  @Test
  void aRecordedSnapshotsWebhookUrlsBecomeEndpointReferences() {
    TaskSnapshot snapshot =
        read(
            RECORDED.replace(
                "\"webhookUrls\":[]", "\"webhookUrls\":[\"https://h.example.com/t/x\"]"));

    assertThat(snapshot.webhookEndpointRefs())
        .containsExactly(
            WebhookEndpointRef.of(
                "22222222-2222-2222-2222-222222222222", "https://h.example.com/t/x"));
  }

  @Test
  void writesTheShapeEarlierWorkersWrotePlusEndpointReferences() {
    Task task =
        Task.builder()
            .id(UUID.fromString("22222222-2222-2222-2222-222222222222"))
            .name("t")
            .owner("owner")
            .searchQuery("q")
            .condition("c")
            .schedule(TaskSchedule.utc("0 9 * * *"))
            .notifications(new Notifications(List.of("a@example.com"), List.of()))
            .build();

    // Earlier workers ignore the added property (Temporal's JSON converter skips unknown ones).
    assertThat(write(TaskSnapshot.of(task, null, false)))
        .isEqualTo(RECORDED.substring(0, RECORDED.length() - 1) + ",\"webhookEndpoints\":[]}");
  }

  @Test
  void aWebPageSurvivesTheRoundTripTypedAndWithoutSecrets() {
    Task task =
        Task.builder()
            .id(UUID.randomUUID())
            .name("page")
            .owner("owner")
            .schedule(TaskSchedule.utc("0 9 * * *"))
            .source(
                new TaskSource.WebPage(
                    "https://example.com/", "#status", new TextMatch(MatchType.REGEX, "\\d+")))
            .notifyBehavior(NotifyBehavior.ON_CHANGE)
            .notifications(
                new Notifications(
                    List.of(),
                    List.of(new WebhookTarget("https://hooks.example.com/t/tok3n", "whsec_x"))))
            .context(Map.of("team", "a"))
            .build();

    String written = write(TaskSnapshot.of(task, 42L, true));
    TaskSnapshot read = read(written);

    assertThat(written)
        .doesNotContain("whsec_x")
        .doesNotContain("tok3n")
        .contains("\"sourceType\":\"WEB_PAGE\"");
    assertThat(read.source()).isEqualTo(task.source());
    assertThat(read.webhookUrls()).isEmpty();
    assertThat(read.webhookEndpointRefs())
        .containsExactly(
            WebhookEndpointRef.of(task.id().toString(), "https://hooks.example.com/t/tok3n"));
    assertThat(read.notifyBehavior()).isEqualTo(NotifyBehavior.ON_CHANGE);
    assertThat(read.lastCheckedAtMillis()).isEqualTo(42L);
  }

  private TaskSnapshot read(String text) {
    Payload payload =
        Payload.newBuilder()
            .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
            .setData(ByteString.copyFromUtf8(text))
            .build();
    return json.fromData(payload, TaskSnapshot.class, TaskSnapshot.class);
  }

  private static String write(TaskSnapshot snapshot) {
    return DefaultDataConverter.STANDARD_INSTANCE
        .toPayload(snapshot)
        .orElseThrow()
        .getData()
        .toString(StandardCharsets.UTF_8);
  }
}
