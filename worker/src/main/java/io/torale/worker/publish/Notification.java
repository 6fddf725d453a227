package io.torale.worker.publish;

import io.torale.worker.compare.Comparison;
import io.torale.worker.search.Finding;
import io.torale.worker.task.TaskSnapshot;

/** What {@code sendNotification} publishes: the run that found it, the task, the finding. */
public record Notification(
    String executionId,
    TaskSnapshot task,
    Finding finding,
    Comparison comparison,
    long foundAtMillis) {}
