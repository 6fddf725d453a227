package io.torale.commandconsumer.intake;

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
 */
@Validated
@ConfigurationProperties("torale.commands.batch")
public record BatchProperties(@DefaultValue("2s") Duration timeBudget) {}
