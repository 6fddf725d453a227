package io.torale.notifier.webhook;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The keys the tasks' webhook secrets are stored under ({@code torale.secrets.storage-keys}, env
 * {@code TORALE_SECRETS_STORAGE_KEYS}): the same {@code tsek_…} list as command-consumer's, current
 * key first. The notifier decrypts with them when it signs; it needs no sealing key.
 */
@ConfigurationProperties("torale.secrets")
public record SecretsProperties(@DefaultValue List<String> storageKeys) {

  @Override
  public String toString() {
    return "SecretsProperties[storageKeys=" + storageKeys.size() + ", ****]";
  }
}
