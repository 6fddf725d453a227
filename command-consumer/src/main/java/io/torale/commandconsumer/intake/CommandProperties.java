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
 * @param singleTopic whether commands on the single topic {@code torale.task-commands.v1} are
 *     applied; nothing authenticates their producer, so they are trusted as written (setups without
 *     ACLs). {@code false} leaves only the per-producer topics
 */
@Validated
@ConfigurationProperties("torale.commands")
public record CommandProperties(
    @DefaultValue List<String> webhookAllowedHosts, @DefaultValue("true") boolean singleTopic) {}
