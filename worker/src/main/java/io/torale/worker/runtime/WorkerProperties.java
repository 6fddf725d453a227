package io.torale.worker.runtime;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Temporal worker ({@code torale.worker.*}). The connection itself is {@code torale.temporal.*}
 * (platform).
 *
 * @param enabled poll the task queue; off for tools and tests that only need the beans
 * @param virtualThreads run workflow and activity tasks on virtual threads
 * @param maxConcurrentActivities activity executions at once (mostly waiting on HTTP)
 * @param maxConcurrentWorkflowTasks workflow tasks at once
 * @param shutdownTimeout how long shutdown waits for running activities; above the longest activity
 *     timeout (60 s)
 */
@Validated
@ConfigurationProperties("torale.worker")
public record WorkerProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("true") boolean virtualThreads,
    @Min(1) @DefaultValue("200") int maxConcurrentActivities,
    @Min(2) @DefaultValue("200") int maxConcurrentWorkflowTasks,
    @DefaultValue("75s") Duration shutdownTimeout) {}
