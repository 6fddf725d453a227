package io.torale.commandconsumer.secrets;

import io.torale.schemas.secrets.SealingKeys;
import io.torale.schemas.secrets.StorageKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The sealing and storage keys from {@link SecretsProperties}; a malformed key fails start-up. */
@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SecretsConfiguration.class);

  @Bean
  SealingKeys sealingKeys(SecretsProperties properties) {
    return SealingKeys.of(properties.sealingKeys());
  }

  @Bean
  StorageKeys storageKeys(SecretsProperties properties) {
    return StorageKeys.of(properties.storageKeys());
  }

  @Bean
  WebhookSecretIntake webhookSecretIntake(SealingKeys sealing, StorageKeys storage) {
    if (sealing.isEmpty() || storage.isEmpty()) {
      log.info(
          "torale.secrets.sealing-keys or storage-keys is not set: commands carrying a webhook"
              + " secret are refused; webhooks are signed v1a only");
    }
    return new WebhookSecretIntake(sealing, storage);
  }
}
