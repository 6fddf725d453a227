package io.torale.commandconsumer.intake;

import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the commands of one poll share a Kafka transaction ({@code torale.commands.batch.*}).
 *
 * @param timeBudget once the commands handled in one transaction took this long, the listener stops
 *     taking more from the poll and commits (the rest come again in the next poll), so results are
 *     never held back long and a transaction stays far below {@code transaction.timeout.ms}
 * @param parallelism how many tasks' commands one listener thread decides at once (those of one
 *     task always one after another, in offset order); each holds a database connection across its
 *     Temporal call, so the pool needs listener concurrency × this plus the reconciler's
 */
@Validated
@ConfigurationProperties("torale.commands.batch")
public record BatchProperties(
    @DefaultValue("2s") Duration timeBudget, @DefaultValue("4") @Positive int parallelism) {}
