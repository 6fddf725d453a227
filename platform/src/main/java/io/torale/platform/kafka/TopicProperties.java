package io.torale.platform.kafka;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the services create Torale's topics when they are missing ({@code torale.topics.*}). On a
 * managed cluster, create them ahead and set {@code create=false}.
 *
 * @param create declare the topics (and their dead-letter topics) at start-up
 * @param partitions partitions per topic; the unit of consumer parallelism
 * @param replicationFactor replicas per partition; 3 on a production cluster
 */
@Validated
@ConfigurationProperties("torale.topics")
public record TopicProperties(
    @DefaultValue("true") boolean create,
    @Min(1) @DefaultValue("3") int partitions,
    @Min(1) @DefaultValue("1") short replicationFactor) {}
