package io.torale.worker.search;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Fetching {@code WEB_PAGE} sources ({@code torale.webpage.*}).
 *
 * @param connectTimeout TCP connect timeout per hop
 * @param readTimeout read timeout per hop (and the whole call's limit)
 * @param maxSize pages larger than this fail the run (non-retryable)
 * @param maxRedirects redirects followed, each one checked like the first address
 * @param allowedHosts host names (as written in URLs) exempt from the egress guard; empty by
 *     default (production), set to {@code localhost,127.0.0.1} only by {@code ./torale up} and the
 *     tests
 * @param userAgent the User-Agent header sent
 */
@Validated
@ConfigurationProperties("torale.webpage")
public record WebPageProperties(
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("15s") Duration readTimeout,
    @DefaultValue("2MB") DataSize maxSize,
    @Min(0) @Max(10) @DefaultValue("3") int maxRedirects,
    @DefaultValue List<String> allowedHosts,
    @DefaultValue("Torale-Monitor/0.1") String userAgent) {}
