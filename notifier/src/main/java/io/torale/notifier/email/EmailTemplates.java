package io.torale.notifier.email;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.torale.notifier.delivery.NotificationPayload;
import java.io.StringWriter;
import java.io.Writer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Renders the condition-met email from {@code templates/email/condition-met.{html,txt}.mustache}.
 * The HTML template escapes every value (answers and titles come from the web); the text template
 * does not escape, since it is not HTML.
 */
@Component
class EmailTemplates {

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final Mustache html;
  private final Mustache text;

  EmailTemplates() {
    this.html = new DefaultMustacheFactory().compile("templates/email/condition-met.html.mustache");
    this.text =
        new DefaultMustacheFactory() {
          @Override
          public void encode(String value, Writer writer) {
            try {
              writer.write(value);
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
        }.compile("templates/email/condition-met.txt.mustache");
  }

  record Rendered(String subject, String text, String html) {}

  Rendered render(NotificationPayload payload) {
    Map<String, Object> scope = scope(payload);
    return new Rendered(subject(payload), execute(text, scope), execute(html, scope));
  }

  private static String subject(NotificationPayload payload) {
    // No header injection: a task name is user input.
    String name = payload.taskName().replaceAll("[\\r\\n]+", " ").strip();
    return "Torale: " + (name.length() > 120 ? name.substring(0, 120) + "…" : name);
  }

  private static Map<String, Object> scope(NotificationPayload p) {
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("taskName", p.taskName());
    scope.put("condition", p.condition());
    scope.put("searchQuery", p.searchQuery());
    scope.put("answer", p.answer());
    scope.put("whatChanged", p.whatChanged());
    List<Map<String, String>> sources =
        p.sources().stream()
            .filter(s -> s.url().startsWith("https://") || s.url().startsWith("http://"))
            .map(
                s ->
                    Map.of(
                        "url",
                        s.url(),
                        "title",
                        s.title() == null || s.title().isBlank() ? s.url() : s.title()))
            .toList();
    scope.put("sources", sources);
    scope.put("hasSources", !sources.isEmpty());
    List<Map<String, String>> facts =
        p.facts().stream()
            .map(f -> Map.of("name", f.name(), "value", f.value() == null ? "—" : f.value()))
            .toList();
    scope.put("facts", facts);
    scope.put("hasFacts", !facts.isEmpty());
    scope.put("foundAt", WHEN.format(p.foundAt()));
    return scope;
  }

  private static String execute(Mustache template, Map<String, Object> scope) {
    StringWriter out = new StringWriter();
    template.execute(out, scope);
    return out.toString();
  }
}
