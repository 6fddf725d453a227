package io.torale.cli.page;

import picocli.CommandLine.Command;

/** {@code ./torale page ...}: a local web page for trying WEB_PAGE tasks. */
@Command(
    name = "page",
    mixinStandardHelpOptions = true,
    description = "Serve a local web page to monitor, and change it.",
    subcommands = {ServeCommand.class, SetCommand.class})
public final class PageCommand {}
