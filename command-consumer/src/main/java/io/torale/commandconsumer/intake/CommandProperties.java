package io.torale.commandconsumer.intake;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Command handling ({@code torale.commands.*}).
 *
 * @param webhookAllowedHosts hosts a webhook may reach over plain http (the local stack); every
 *     other webhook must be https
 */
@Validated
@ConfigurationProperties("torale.commands")
public record CommandProperties(
    @DefaultValue List<String> webhookAllowedHosts) {}
