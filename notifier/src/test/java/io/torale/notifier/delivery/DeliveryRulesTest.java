package io.torale.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryRulesTest {

  @Test
  void idsAreStablePerEventChannelAndTarget() {
    assertThat(DeliveryIds.of("e1", Channel.EMAIL, "Ann@Example.com "))
        .isEqualTo(DeliveryIds.of("e1", Channel.EMAIL, "ann@example.com"))
        .isNotEqualTo(DeliveryIds.of("e2", Channel.EMAIL, "ann@example.com"))
        .startsWith("msg_");
  }

  @Test
  void targetsAreRedacted() {
    assertThat(Redaction.redact(Channel.EMAIL, "ann@example.com")).isEqualTo("a***@example.com");
    assertThat(Redaction.redact(Channel.WEBHOOK, "https://hooks.example.com/T0K3N?k=secret"))
        .isEqualTo("https://hooks.example.com/…");
    // An endpoint reference names the endpoint without its URL: it is shown as it is.
    assertThat(Redaction.redact(Channel.WEBHOOK, "whep_0123456789abcdef0123456789abcdef"))
        .isEqualTo("whep_0123456789abcdef0123456789abcdef");
  }

  @Test
  void ladderFollowsTheScheduleThenGivesUp() {
    var ladder =
        new RetryLadder(List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5)), 0.2);
    assertThat(ladder.delayAfter(1, null)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(6));
    assertThat(ladder.delayAfter(2, null)).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(6));
    assertThat(ladder.delayAfter(3, null)).isNull();
  }

  @Test
  void retryAfterWinsButIsCapped() {
    var ladder =
        new RetryLadder(List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofHours(1)), 0);
    assertThat(ladder.delayAfter(1, Duration.ofSeconds(42))).isEqualTo(Duration.ofSeconds(42));
    assertThat(ladder.delayAfter(1, Duration.ofDays(3))).isEqualTo(Duration.ofHours(1));
  }
}
