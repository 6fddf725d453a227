package io.torale.commandconsumer.intake;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Command handling ({@code torale.commands.*}).
 *
 * @param webhookAllowedHosts hosts a webhook may reach over plain http (the local stack); every
 *     other webhook must be https
 * @param resultSendTimeout how long to wait for Kafka to acknowledge a result before the command
 *     counts as failed (and is retried)
 */
@Validated
@ConfigurationProperties("torale.commands")
public record CommandProperties(
    @DefaultValue({"localhost", "127.0.0.1"}) List<String> webhookAllowedHosts,
    @DefaultValue("10s") Duration resultSendTimeout) {}
