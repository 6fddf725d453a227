package io.torale.notifier.delivery;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The dispatcher ({@code torale.dispatch.*}).
 *
 * @param enabled run the dispatcher in this instance
 * @param pollInterval how often to look for due deliveries when idle
 * @param batchSize most deliveries claimed per query
 * @param maxInFlight most attempts running at once in this instance
 * @param lease how long a claim is held; longer than any attempt (webhook timeout, SMTP timeouts),
 *     or a slow attempt may be made twice
 */
@Validated
@ConfigurationProperties("torale.dispatch")
public record DispatchProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("250ms") Duration pollInterval,
    @Min(1) @DefaultValue("100") int batchSize,
    @Min(1) @DefaultValue("256") int maxInFlight,
    @DefaultValue("2m") Duration lease) {}
