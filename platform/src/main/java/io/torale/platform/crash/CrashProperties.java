package io.torale.platform.crash;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Crash-point testing ({@code torale.crash.*}); never set in production.
 *
 * @param point the {@link CrashPoints} name at which the process halts, or empty for none
 */
@ConfigurationProperties("torale.crash")
public record CrashProperties(String point) {}
