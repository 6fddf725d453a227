package io.torale.platform.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Torale's dependency health checks ({@code torale.health.*}), which the services put in their
 * readiness group.
 *
 * @param timeout how long one check waits for Kafka, the registry or Temporal; below the probe's
 *     own timeout (Kubernetes' default is 1 s per probe, so raise that one)
 */
@ConfigurationProperties("torale.health")
public record HealthProperties(@DefaultValue("3s") Duration timeout) {}
