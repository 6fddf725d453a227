package io.torale.worker.task;

import java.util.List;
import java.util.Map;

/**
 * The task as a run sees it when it starts, plus the run-relevant state from earlier runs. It
 * travels through workflow history, so it carries webhook URLs but never their signing secrets.
 *
 * @param lastCheckedAtMillis when a run last checked the task (epoch ms), null on the first run
 * @param notifiedBefore whether any earlier run notified
 */
public record TaskSnapshot(
    String taskId,
    String name,
    String searchQuery,
    String condition,
    String notifyBehavior,
    String sourceType,
    String sourceUrl,
    String cssSelector,
    String matchType,
    String matchPattern,
    List<String> emails,
    List<String> webhookUrls,
    String owner,
    Map<String, String> context,
    String status,
    Long lastCheckedAtMillis,
    boolean notifiedBefore) {

  public boolean active() {
    return "ACTIVE".equals(status);
  }

  public boolean webPage() {
    return "WEB_PAGE".equals(sourceType);
  }
}
