package io.torale.commandconsumer.validation;

import io.torale.platform.task.MatchType;
import io.torale.platform.task.Task;
import io.torale.platform.task.TaskSchedule;
import io.torale.platform.task.TaskSource.GroundedSearch;
import io.torale.platform.task.TaskSource.WebPage;
import io.torale.platform.task.WebhookTarget;
import io.torale.schemas.v1.Source;
import io.torale.schemas.v1.SourceType;
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

  List<Rejection> check(Task task) {
    List<Rejection> reasons = new ArrayList<>();
    required("command.name", task.name(), MAX_NAME, reasons);
    required("command.owner", task.owner(), MAX_OWNER, reasons);
    optional("command.searchQuery", task.searchQuery(), MAX_TEXT, reasons);
    optional("command.condition", task.condition(), MAX_TEXT, reasons);
    schedule(task.schedule(), reasons);
    switch (task.source()) {
      case GroundedSearch search -> groundedSearch(task, reasons);
      case WebPage page -> webPage(task, page, reasons);
    }
    notifications(task, reasons);
    context(task.context(), reasons);
    return reasons;
  }

  /**
   * A command's source as sent: url, selector and match belong to a {@code WEB_PAGE} only. The
   * model has no place for them on a grounded search, so they are refused rather than dropped.
   */
  List<Rejection> checkSourceFields(Source source) {
    if (source == null || source.getType() == SourceType.WEB_PAGE) {
      return List.of();
    }
    List<Rejection> reasons = new ArrayList<>();
    if (source.getUrl() != null) {
      reasons.add(new Rejection("command.source.url", "only a WEB_PAGE source has a url"));
    }
    if (source.getCssSelector() != null) {
      reasons.add(
          new Rejection("command.source.cssSelector", "only a WEB_PAGE source has a selector"));
    }
    if (source.getMatch() != null) {
      reasons.add(new Rejection("command.source.match", "only a WEB_PAGE source has a match"));
    }
    return reasons;
  }

  private static void schedule(TaskSchedule schedule, List<Rejection> reasons) {
    CronExpressions.problem(schedule.cron())
        .ifPresent(problem -> reasons.add(new Rejection("command.schedule.cron", problem)));
    if (!validZone(schedule.timeZone())) {
      reasons.add(
          new Rejection(
              "command.schedule.timeZone",
              "'%s' is not an IANA time zone id (e.g. Europe/Berlin, UTC)"
                  .formatted(schedule.timeZone())));
    }
  }

  private static void groundedSearch(Task task, List<Rejection> reasons) {
    if (blank(task.searchQuery())) {
      reasons.add(new Rejection("command.searchQuery", "is required for a GROUNDED_SEARCH task"));
    }
    conditionRequired(task, reasons);
  }

  private static void webPage(Task task, WebPage page, List<Rejection> reasons) {
    if (!page.deterministic()) {
      conditionRequired(task, reasons);
    }
    if (blank(page.url())) {
      reasons.add(new Rejection("command.source.url", "is required for a WEB_PAGE source"));
    } else if (page.url().length() > MAX_URL || !httpUrl(page.url())) {
      reasons.add(
          new Rejection(
              "command.source.url",
              "must be an http(s) URL of at most %d characters".formatted(MAX_URL)));
    }
    optional("command.source.cssSelector", page.cssSelector(), MAX_SELECTOR, reasons);
    if (page.deterministic()) {
      String pattern = page.match().pattern();
      if (blank(pattern) || pattern.length() > MAX_TEXT) {
        reasons.add(
            new Rejection(
                "command.source.match.pattern",
                "is required and at most %d characters".formatted(MAX_TEXT)));
      } else if (page.match().type() == MatchType.REGEX) {
        UserRegex.problem(pattern)
            .ifPresent(
                problem -> reasons.add(new Rejection("command.source.match.pattern", problem)));
      }
    }
  }

  private static void conditionRequired(Task task, List<Rejection> reasons) {
    if (blank(task.condition())) {
      reasons.add(
          new Rejection(
              "command.condition",
              "is required unless the source is a WEB_PAGE with a deterministic match"));
    }
  }

  private void notifications(Task task, List<Rejection> reasons) {
    List<String> emails = task.notifications().emails();
    List<WebhookTarget> webhooks = task.notifications().webhooks();
    if (emails.size() > MAX_EMAILS) {
      reasons.add(
          new Rejection(
              "command.notifications.emails", "at most %d addresses".formatted(MAX_EMAILS)));
    }
    for (int i = 0; i < emails.size(); i++) {
      String email = emails.get(i);
      if (email == null || email.length() > 254 || !EMAIL.matcher(email).matches()) {
        reasons.add(
            new Rejection(
                "command.notifications.emails[%d]".formatted(i),
                "'%s' is not a valid email address".formatted(email)));
      }
    }
    if (webhooks.size() > MAX_WEBHOOKS) {
      reasons.add(
          new Rejection(
              "command.notifications.webhooks", "at most %d webhooks".formatted(MAX_WEBHOOKS)));
    }
    for (int i = 0; i < webhooks.size(); i++) {
      String field = "command.notifications.webhooks[%d].url".formatted(i);
      webhookProblem(webhooks.get(i))
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
