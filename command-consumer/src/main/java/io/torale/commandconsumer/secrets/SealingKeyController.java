package io.torale.commandconsumer.secrets;

import io.torale.schemas.secrets.SealingKeys;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Torale's public sealing key ({@code tspk_…}), open to anyone: producers seal webhook secrets to
 * it. 404 when no sealing key is configured (then commands may carry no secret at all).
 */
@RestController
class SealingKeyController {

  static final String PATH = "/secrets/sealing-key";

  private final SealingKeys keys;

  SealingKeyController(SealingKeys keys) {
    this.keys = keys;
  }

  @GetMapping(value = PATH, produces = MediaType.TEXT_PLAIN_VALUE)
  ResponseEntity<String> sealingKey() {
    String key = keys.currentPublicKey();
    return key == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(key + "\n");
  }
}
