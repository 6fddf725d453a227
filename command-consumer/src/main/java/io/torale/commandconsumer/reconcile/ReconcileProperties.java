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
 * @param parallelism how many tasks are checked at once (each takes a database connection for the
 *     task's lock and one Temporal describe); a pass costs one describe per task either way, this
 *     only shortens its wall time
 */
@Validated
@ConfigurationProperties("torale.reconcile")
public record ReconcileProperties(
    @DefaultValue("true") boolean onStartup,
    @DefaultValue("5m") Duration interval,
    @Min(1) @DefaultValue("4") int parallelism) {}
