package io.torale.notifier.webhook;

import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Publishes the public key of the {@code v1a} webhook signatures ({@code whpk_…}), which receivers
 * verify with; it is public by design. 404 when no signing key is configured.
 */
@RestController
class PublicKeyController {

  private final Optional<AsymmetricSigner> signer;

  PublicKeyController(Optional<AsymmetricSigner> signer) {
    this.signer = signer;
  }

  @GetMapping(path = "/webhooks/public-key", produces = MediaType.TEXT_PLAIN_VALUE)
  ResponseEntity<String> publicKey() {
    return signer
        .map(s -> ResponseEntity.ok(s.publicKey() + "\n"))
        .orElseGet(() -> ResponseEntity.notFound().build());
  }
}
