package io.torale.commandconsumer.reconcile;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The reconciler ({@code torale.reconcile.*}), which repairs drift between tasks and schedules.
 *
 * @param onStartup run once when the service is ready
 * @param interval pause between periodic runs
 * @param parallelism how many candidates (tasks or schedules the listing shows out of step) are
 *     checked at once, each with a database connection for the task's lock and one Temporal
 *     describe
 * @param pageSize tasks per database page and schedules per listing page (Temporal caps the latter
 *     at its own maximum, 1000 by default)
 */
@Validated
@ConfigurationProperties("torale.reconcile")
public record ReconcileProperties(
    @DefaultValue("true") boolean onStartup,
    @DefaultValue("5m") Duration interval,
    @Min(1) @DefaultValue("4") int parallelism,
    @Min(1) @DefaultValue("1000") int pageSize) {}
