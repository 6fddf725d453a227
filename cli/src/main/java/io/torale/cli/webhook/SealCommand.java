package io.torale.cli.webhook;

import io.torale.cli.Endpoints;
import io.torale.cli.UserFacingException;
import io.torale.cli.task.SealingKey;
import io.torale.schemas.secrets.SealedSecrets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./torale webhooks seal}: reads a {@code whsec_} secret from standard input (never from the
 * command line, where {@code ps} would show it) and prints it sealed to Torale's public key, for
 * producers that build their commands without the Java {@code SealedSecrets}.
 */
@Command(
    name = "seal",
    mixinStandardHelpOptions = true,
    description =
        "Seal a webhook secret read from standard input to Torale's public key; prints tsealed_….")
public final class SealCommand implements Callable<Integer> {

  @Mixin Endpoints endpoints;

  @Option(
      names = "--sealing-key",
      defaultValue = "${env:TORALE_SEALING_KEY}",
      description =
          "Torale's public sealing key (tspk_…; env TORALE_SEALING_KEY; default: fetched from the"
              + " admin URL's /secrets/sealing-key).")
  String sealingKey;

  @Override
  public Integer call() throws IOException {
    String secret =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    if (secret == null || !SealedSecrets.isPlaintext(secret)) {
      throw new UserFacingException("expected a whsec_… secret on standard input");
    }
    System.out.println(SealingKey.sealer(endpoints, sealingKey).apply(secret.strip()));
    return 0;
  }
}
