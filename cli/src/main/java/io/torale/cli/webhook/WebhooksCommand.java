package io.torale.cli.webhook;

import picocli.CommandLine.Command;

/** {@code ./torale webhooks ...}. */
@Command(
    name = "webhooks",
    mixinStandardHelpOptions = true,
    description = "Work with webhooks.",
    subcommands = {ListenCommand.class, SealCommand.class, NewKeysCommand.class})
public final class WebhooksCommand {}
