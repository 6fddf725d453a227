package io.torale.commandconsumer.validation;

import io.torale.platform.task.StoredTask;
import io.torale.platform.task.StoredTask.WebhookTarget;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Field rules of a task definition, checked on the task as it would be after the command, so a
 * create and an update are judged alike. Field paths are those of the command.
 */
final class TaskDefinitionRules {

  static final int MAX_NAME = 200;
  static final int MAX_OWNER = 200;
  static final int MAX_TEXT = 2_000;
  static final int MAX_URL = 2_048;
  static final int MAX_SELECTOR = 500;
  static final int MAX_EMAILS = 50;
  static final int MAX_WEBHOOKS = 20;
  static final int MAX_CONTEXT_ENTRIES = 50;
  static final int MAX_CONTEXT_KEY = 100;
  static final int MAX_CONTEXT_VALUE = 1_000;

  // Deliberately simple: one @, no spaces, a dot in the domain. Deliverability is the mailer's job.
  private static final Pattern EMAIL =
      Pattern.compile(
          "^[^@\\s\"<>,;]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9-]+)+$");

  private final Set<String> allowedHosts;

  TaskDefinitionRules(List<String> allowedHosts) {
    this.allowedHosts =
        allowedHosts.stream()
            .map(host -> host.trim().toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
  }

  List<Rejection> check(StoredTask task) {
    List<Rejection> reasons = new ArrayList<>();
    required("command.name", task.name(), MAX_NAME, reasons);
    required("command.owner", task.owner(), MAX_OWNER, reasons);
    optional("command.searchQuery", task.searchQuery(), MAX_TEXT, reasons);
    optional("command.condition", task.condition(), MAX_TEXT, reasons);
    CronExpressions.problem(task.cron())
        .ifPresent(problem -> reasons.add(new Rejection("command.schedule.cron", problem)));
    if (!validZone(task.timeZone())) {
      reasons.add(
          new Rejection(
              "command.schedule.timeZone",
              "'%s' is not an IANA time zone id (e.g. Europe/Berlin, UTC)"
                  .formatted(task.timeZone())));
    }
    source(task, reasons);
    notifications(task, reasons);
    context(task.context(), reasons);
    return reasons;
  }

  private void source(StoredTask task, List<Rejection> reasons) {
    boolean webPage = "WEB_PAGE".equals(task.sourceType());
    boolean deterministic = task.matchType() != null;
    if (!webPage && blank(task.searchQuery())) {
      reasons.add(new Rejection("command.searchQuery", "is required for a GROUNDED_SEARCH task"));
    }
    if (!(webPage && deterministic) && blank(task.condition())) {
      reasons.add(
          new Rejection(
              "command.condition",
              "is required unless the source is a WEB_PAGE with a deterministic match"));
    }
    if (webPage) {
      if (blank(task.sourceUrl())) {
        reasons.add(new Rejection("command.source.url", "is required for a WEB_PAGE source"));
      } else if (task.sourceUrl().length() > MAX_URL || !httpUrl(task.sourceUrl())) {
        reasons.add(
            new Rejection(
                "command.source.url",
                "must be an http(s) URL of at most %d characters".formatted(MAX_URL)));
      }
    }
    optional("command.source.cssSelector", task.cssSelector(), MAX_SELECTOR, reasons);
    if (deterministic) {
      if (blank(task.matchPattern()) || task.matchPattern().length() > MAX_TEXT) {
        reasons.add(
            new Rejection(
                "command.source.match.pattern",
                "is required and at most %d characters".formatted(MAX_TEXT)));
      } else if ("REGEX".equals(task.matchType())) {
        try {
          Pattern.compile(task.matchPattern());
        } catch (PatternSyntaxException e) {
          reasons.add(
              new Rejection(
                  "command.source.match.pattern", "is not a valid regex: " + e.getDescription()));
        }
      }
    }
  }

  private void notifications(StoredTask task, List<Rejection> reasons) {
    if (task.emails().size() > MAX_EMAILS) {
      reasons.add(
          new Rejection(
              "command.notifications.emails", "at most %d addresses".formatted(MAX_EMAILS)));
    }
    for (int i = 0; i < task.emails().size(); i++) {
      String email = task.emails().get(i);
      if (email == null || email.length() > 254 || !EMAIL.matcher(email).matches()) {
        reasons.add(
            new Rejection(
                "command.notifications.emails[%d]".formatted(i),
                "'%s' is not a valid email address".formatted(email)));
      }
    }
    if (task.webhooks().size() > MAX_WEBHOOKS) {
      reasons.add(
          new Rejection(
              "command.notifications.webhooks", "at most %d webhooks".formatted(MAX_WEBHOOKS)));
    }
    for (int i = 0; i < task.webhooks().size(); i++) {
      String field = "command.notifications.webhooks[%d].url".formatted(i);
      webhookProblem(task.webhooks().get(i))
          .ifPresent(problem -> reasons.add(new Rejection(field, problem)));
    }
  }

  private Optional<String> webhookProblem(WebhookTarget webhook) {
    String url = webhook.url();
    if (blank(url) || url.length() > MAX_URL) {
      return Optional.of("is required and at most %d characters".formatted(MAX_URL));
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
      if (host == null || !(scheme.equals("https") || scheme.equals("http"))) {
        return Optional.of("'%s' is not an absolute http(s) URL".formatted(url));
      }
      if (scheme.equals("http") && !allowedHosts.contains(host)) {
        return Optional.of(
            "'%s' must use https (plain http only for allow-listed hosts %s)"
                .formatted(url, allowedHosts));
      }
      return Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.of("'%s' is not a valid URL: %s".formatted(url, e.getReason()));
    }
  }

  private static void context(Map<String, String> context, List<Rejection> reasons) {
    if (context.size() > MAX_CONTEXT_ENTRIES) {
      reasons.add(
          new Rejection("command.context", "at most %d entries".formatted(MAX_CONTEXT_ENTRIES)));
    }
    context.forEach(
        (key, value) -> {
          if (key.isBlank() || key.length() > MAX_CONTEXT_KEY) {
            reasons.add(
                new Rejection(
                    "command.context", "keys are 1 to %d characters".formatted(MAX_CONTEXT_KEY)));
          } else if (value != null && value.length() > MAX_CONTEXT_VALUE) {
            reasons.add(
                new Rejection(
                    "command.context." + key,
                    "is over %d characters".formatted(MAX_CONTEXT_VALUE)));
          }
        });
  }

  private static boolean validZone(String zone) {
    // Region ids only: Temporal reads the IANA database, so offsets like +02:00 are refused.
    return zone != null && (zone.equals("UTC") || ZoneId.getAvailableZoneIds().contains(zone));
  }

  private static boolean httpUrl(String url) {
    try {
      URI uri = new URI(url);
      return uri.getHost() != null
          && ("http".equalsIgnoreCase(uri.getScheme())
              || "https".equalsIgnoreCase(uri.getScheme()));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static void required(String field, String value, int max, List<Rejection> reasons) {
    if (blank(value)) {
      reasons.add(new Rejection(field, "is required"));
    } else if (value.length() > max) {
      reasons.add(
          new Rejection(field, "is %d characters; at most %d".formatted(value.length(), max)));
    }
  }

  private static void optional(String field, String value, int max, List<Rejection> reasons) {
    if (value != null && value.length() > max) {
      reasons.add(
          new Rejection(field, "is %d characters; at most %d".formatted(value.length(), max)));
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
