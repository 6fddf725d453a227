package io.torale.cli.webhook;

import io.torale.schemas.secrets.SealingKeys;
import io.torale.schemas.secrets.StorageKeys;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code ./torale webhooks new-keys}: a new sealing key and storage key for webhook secrets, as
 * lines of an environment file. To rotate, put the new key first and keep the old one after it
 * (README, Security model).
 */
@Command(
    name = "new-keys",
    mixinStandardHelpOptions = true,
    description =
        "Print a new sealing key and storage key for webhook secrets (env-file lines; keep them"
            + " secret).")
public final class NewKeysCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.out.println("SECRETS_SEALING_KEYS=" + SealingKeys.generate());
    System.out.println("SECRETS_STORAGE_KEYS=" + StorageKeys.generate());
    return 0;
  }
}
