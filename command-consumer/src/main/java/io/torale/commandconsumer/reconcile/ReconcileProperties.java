package io.torale.commandconsumer.reconcile;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The reconciler ({@code torale.reconcile.*}), which repairs drift between tasks and schedules.
 *
 * @param onStartup run once when the service is ready
 * @param interval pause between periodic runs
 */
@Validated
@ConfigurationProperties("torale.reconcile")
public record ReconcileProperties(
    @DefaultValue("true") boolean onStartup, @DefaultValue("5m") Duration interval) {}
