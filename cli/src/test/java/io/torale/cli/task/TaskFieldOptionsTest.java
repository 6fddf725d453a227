package io.torale.cli.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.torale.schemas.secrets.SealingKeys;
import io.torale.schemas.v1.MatchType;
import io.torale.schemas.v1.SourceType;
import java.util.List;
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
  void pairsWebhookSecretsWithWebhooksByPositionAndSealsThem() {
    String privateKey = SealingKeys.generate();
    TaskFieldOptions fields =
        parse(
            "--webhook",
            "https://a.example/",
            "--webhook",
            "https://b.example/",
            "--webhook-secret",
            "whsec_YQ==",
            "--sealing-key",
            SealingKeys.publicKeyOf(privateKey));
    var notifications = fields.notifications(SealingKey.sealer(null, fields.sealingKey));

    assertThat(notifications.getWebhooks()).hasSize(2);
    String sent = notifications.getWebhooks().get(0).getSecret();
    assertThat(sent).startsWith("tsealed_").doesNotContain("whsec_");
    assertThat(SealingKeys.of(List.of(privateKey)).open(sent)).isEqualTo("whsec_YQ==");
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
    var update = UpdateCommand.update(parse("--cron", "0 * * * *"), s -> s);

    assertThat(update.getSchedule().getCron()).isEqualTo("0 * * * *");
    assertThat(update.getSchedule().getTimeZone()).isEqualTo("UTC");
    assertThat(update.getNotifications()).isNull();
    assertThat(update.getSource()).isNull();
    assertThat(update.getName()).isNull();
  }
}
