package io.torale.cli.task;

import io.torale.schemas.v1.Match;
import io.torale.schemas.v1.MatchType;
import io.torale.schemas.v1.Notifications;
import io.torale.schemas.v1.NotifyBehavior;
import io.torale.schemas.v1.Schedule;
import io.torale.schemas.v1.Source;
import io.torale.schemas.v1.SourceType;
import io.torale.schemas.v1.Webhook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/** Every task field as an option; create and update share them (update sends only those given). */
final class TaskFieldOptions {

  @Option(names = "--name", description = "Task name.")
  String name;

  @Option(names = "--query", description = "What to look for (grounded search).")
  String searchQuery;

  @Option(names = "--condition", description = "When it counts, in natural language.")
  String condition;

  @Option(names = "--cron", description = "5-field cron, e.g. '*/5 * * * *'.")
  String cron;

  @Option(names = "--tz", description = "IANA time zone of the cron (default UTC).")
  String timeZone;

  @Option(names = "--notify", description = "ONCE, ALWAYS or ON_CHANGE.")
  NotifyBehavior notifyBehavior;

  @Option(names = "--email", description = "Recipient; repeat for more.")
  List<String> emails;

  @Option(names = "--webhook", description = "Webhook URL; repeat for more.")
  List<String> webhooks;

  @Option(
      names = "--webhook-secret",
      description =
          "whsec_ secret of the webhook at the same position, sealed to Torale's public key before"
              + " it is published; omitted: the notifier's default (and the v1a signature).")
  List<String> webhookSecrets;

  @Option(
      names = "--sealing-key",
      defaultValue = "${env:TORALE_SEALING_KEY}",
      description =
          "Torale's public sealing key (tspk_…) to seal --webhook-secret to (env"
              + " TORALE_SEALING_KEY; default: fetched from the admin URL's /secrets/sealing-key).")
  String sealingKey;

  @Option(names = "--owner", description = "Owner of the task.")
  String owner;

  @Option(names = "--context", description = "key=value passed through to events; repeat for more.")
  Map<String, String> context;

  @Option(names = "--source", description = "GROUNDED_SEARCH or WEB_PAGE.")
  SourceType sourceType;

  @Option(names = "--url", description = "Page to read (WEB_PAGE).")
  String url;

  @Option(names = "--selector", description = "CSS selector narrowing the page (WEB_PAGE).")
  String cssSelector;

  @Option(
      names = "--match",
      description = "Deterministic match: CONTAINS, NOT_CONTAINS or REGEX (WEB_PAGE).")
  MatchType matchType;

  @Option(names = "--pattern", description = "Text or regex of the match.")
  String pattern;

  boolean hasNotifications() {
    return emails != null || webhooks != null;
  }

  /**
   * @param seal seals a plaintext secret (see {@link SealingKey}); commands carry no plaintext
   */
  Notifications notifications(UnaryOperator<String> seal) {
    List<Webhook> hooks = new ArrayList<>();
    List<String> urls = webhooks == null ? List.of() : webhooks;
    for (int i = 0; i < urls.size(); i++) {
      String secret =
          webhookSecrets != null && i < webhookSecrets.size() ? webhookSecrets.get(i) : null;
      hooks.add(new Webhook(urls.get(i), seal.apply(secret)));
    }
    return new Notifications(emails == null ? List.of() : emails, hooks);
  }

  boolean hasSource() {
    return sourceType != null || url != null || cssSelector != null || matchType != null;
  }

  Source source() {
    SourceType type =
        sourceType != null
            ? sourceType
            : (url != null ? SourceType.WEB_PAGE : SourceType.GROUNDED_SEARCH);
    Match match = matchType == null ? null : new Match(matchType, pattern == null ? "" : pattern);
    return new Source(type, url, cssSelector, match);
  }

  Schedule schedule(String defaultCron) {
    return new Schedule(cron != null ? cron : defaultCron, timeZone != null ? timeZone : "UTC");
  }
}
