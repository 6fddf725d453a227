package io.torale.cli.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.torale.schemas.v1.MatchType;
import io.torale.schemas.v1.SourceType;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TaskFieldOptionsTest {

  private static TaskFieldOptions parse(String... args) {
    var holder = new Holder();
    new CommandLine(holder).parseArgs(args);
    return holder.fields;
  }

  @CommandLine.Command
  static final class Holder {
    @CommandLine.Mixin TaskFieldOptions fields;
  }

  @Test
  void pairsWebhookSecretsWithWebhooksByPosition() {
    var notifications =
        parse(
                "--webhook",
                "https://a.example/",
                "--webhook",
                "https://b.example/",
                "--webhook-secret",
                "whsec_a")
            .notifications();

    assertThat(notifications.getWebhooks()).hasSize(2);
    assertThat(notifications.getWebhooks().get(0).getSecret()).isEqualTo("whsec_a");
    assertThat(notifications.getWebhooks().get(1).getSecret()).isNull();
  }

  @Test
  void aUrlAloneMeansAWebPageSource() {
    var source =
        parse("--url", "http://localhost:8090/", "--match", "CONTAINS", "--pattern", "green")
            .source();

    assertThat(source.getType()).isEqualTo(SourceType.WEB_PAGE);
    assertThat(source.getMatch().getType()).isEqualTo(MatchType.CONTAINS);
    assertThat(source.getMatch().getPattern()).isEqualTo("green");
  }

  @Test
  void anUpdateCarriesOnlyTheFieldsGiven() {
    var update = UpdateCommand.update(parse("--cron", "0 * * * *"));

    assertThat(update.getSchedule().getCron()).isEqualTo("0 * * * *");
    assertThat(update.getSchedule().getTimeZone()).isEqualTo("UTC");
    assertThat(update.getNotifications()).isNull();
    assertThat(update.getSource()).isNull();
    assertThat(update.getName()).isNull();
  }
}
