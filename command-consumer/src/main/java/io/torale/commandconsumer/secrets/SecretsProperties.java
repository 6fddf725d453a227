package io.torale.commandconsumer.secrets;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The keys that keep webhook secrets out of plaintext ({@code torale.secrets.*}). Pass them by
 * environment ({@code TORALE_SECRETS_SEALING_KEYS}, {@code TORALE_SECRETS_STORAGE_KEYS}) or a
 * secrets file, never on a command line. Each list holds the current key first and older keys after
 * it, which still open or decrypt (rotation: README, Security model).
 *
 * @param sealingKeys {@code tssk_…} private keys; producers seal to the first one's public half,
 *     served at {@code GET /secrets/sealing-key}. Empty: every webhook secret in a command is
 *     refused (webhooks without one are still signed {@code v1a}).
 * @param storageKeys {@code tsek_…} AES-256 keys secrets are stored under; the notifier holds the
 *     same list to decrypt when it signs
 */
@ConfigurationProperties("torale.secrets")
public record SecretsProperties(
    @DefaultValue List<String> sealingKeys, @DefaultValue List<String> storageKeys) {

  @Override
  public String toString() {
    return "SecretsProperties[sealingKeys=%d, storageKeys=%d, ****]"
        .formatted(sealingKeys.size(), storageKeys.size());
  }
}
