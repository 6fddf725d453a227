package io.torale.worker.task;

import io.torale.platform.task.MatchType;
import io.torale.platform.task.NotifyBehavior;
import io.torale.platform.task.SourceType;
import io.torale.platform.task.Task;
import io.torale.platform.task.TaskSource;
import io.torale.platform.task.TaskSource.WebPage;
import io.torale.platform.task.TaskStatus;
import io.torale.platform.task.TextMatch;
import io.torale.platform.task.WebhookEndpointRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The task as a run sees it when it starts, plus the run-relevant state from earlier runs. It
 * travels through workflow history, so it carries neither webhook URLs (which often hold a token)
 * nor their signing secrets: only {@link WebhookEndpointRef}s. {@code webhookUrls} is always empty
 * now; it stays so that histories and runs in flight from earlier releases, which carried URLs
 * there, still read (the publish step turns those into references).
 *
 * <p>Its components are the history's format, which saved histories and runs in flight are read
 * back in: they stay flat (JSON property names, enums as their names) even though the code reads
 * the source typed, through {@link #source()}. {@link #of} is the one mapping from {@link Task}.
 *
 * @param lastCheckedAtMillis when a run last checked the task (epoch ms), null on the first run
 * @param notifiedBefore whether any earlier run notified
 */
public record TaskSnapshot(
    String taskId,
    String name,
    String searchQuery,
    String condition,
    NotifyBehavior notifyBehavior,
    SourceType sourceType,
    String sourceUrl,
    String cssSelector,
    MatchType matchType,
    String matchPattern,
    List<String> emails,
    List<String> webhookUrls,
    String owner,
    Map<String, String> context,
    TaskStatus status,
    Long lastCheckedAtMillis,
    boolean notifiedBefore,
    List<WebhookEndpointRef> webhookEndpoints) {

  /** The snapshot of {@code task} with the state its earlier runs left. */
  public static TaskSnapshot of(Task task, Long lastCheckedAtMillis, boolean notifiedBefore) {
    WebPage page = task.source() instanceof WebPage webPage ? webPage : null;
    TextMatch match = page == null ? null : page.match();
    return new TaskSnapshot(
        task.id().toString(),
        task.name(),
        task.searchQuery(),
        task.condition(),
        task.notifyBehavior(),
        task.source().type(),
        page == null ? null : page.url(),
        page == null ? null : page.cssSelector(),
        match == null ? null : match.type(),
        match == null ? null : match.pattern(),
        task.notifications().emails(),
        List.of(),
        task.owner(),
        task.context(),
        task.status(),
        lastCheckedAtMillis,
        notifiedBefore,
        task.notifications().webhookUrls().stream()
            .map(url -> WebhookEndpointRef.of(task.id().toString(), url))
            .toList());
  }

  /**
   * The webhooks by reference; for a snapshot from an earlier release (URLs in {@code
   * webhookUrls}), their references.
   */
  public List<WebhookEndpointRef> webhookEndpointRefs() {
    List<WebhookEndpointRef> refs = new ArrayList<>();
    if (webhookEndpoints != null) {
      refs.addAll(webhookEndpoints);
    }
    if (webhookUrls != null) {
      webhookUrls.forEach(url -> refs.add(WebhookEndpointRef.of(taskId, url)));
    }
    return refs;
  }

  /** The source, typed. */
  public TaskSource source() {
    return switch (sourceType) {
      case GROUNDED_SEARCH -> new TaskSource.GroundedSearch();
      case WEB_PAGE ->
          new WebPage(
              sourceUrl,
              cssSelector,
              matchType == null ? null : new TextMatch(matchType, matchPattern));
    };
  }

  public boolean active() {
    return status.runs();
  }

  /** The same snapshot in another state, as a later read would return it. */
  public TaskSnapshot with(TaskStatus newStatus, boolean nowNotifiedBefore) {
    return new TaskSnapshot(
        taskId,
        name,
        searchQuery,
        condition,
        notifyBehavior,
        sourceType,
        sourceUrl,
        cssSelector,
        matchType,
        matchPattern,
        emails,
        webhookUrls,
        owner,
        context,
        newStatus,
        lastCheckedAtMillis,
        nowNotifiedBefore,
        webhookEndpoints);
  }
}
