package io.torale.schemas.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SealedSecretsTest {

  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  @Test
  void opensWhatWasSealedToItsPublicKey() {
    String privateKey = SealingKeys.generate();
    String sealed = SealedSecrets.seal(SealingKeys.publicKeyOf(privateKey), SECRET);

    assertThat(sealed).startsWith("tsealed_").doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    assertThat(SealedSecrets.isSealed(sealed)).isTrue();
    assertThat(SealingKeys.of(List.of(privateKey)).open(sealed)).isEqualTo(SECRET);
  }

  @Test
  void sealingTwiceGivesDifferentCiphertexts() {
    String publicKey = SealingKeys.publicKeyOf(SealingKeys.generate());

    assertThat(SealedSecrets.seal(publicKey, SECRET))
        .isNotEqualTo(SealedSecrets.seal(publicKey, SECRET));
  }

  @Test
  void anOlderKeyStillOpensAfterRotation() {
    String old = SealingKeys.generate();
    String sealedToOld = SealedSecrets.seal(SealingKeys.publicKeyOf(old), SECRET);
    String current = SealingKeys.generate();
    SealingKeys rotated = SealingKeys.of(List.of(current, old));

    assertThat(rotated.currentPublicKey()).isEqualTo(SealingKeys.publicKeyOf(current));
    assertThat(rotated.open(sealedToOld)).isEqualTo(SECRET);
  }

  @Test
  void refusesASecretSealedToAKeyItDoesNotHold() {
    String sealed = SealedSecrets.seal(SealingKeys.publicKeyOf(SealingKeys.generate()), SECRET);

    assertThatThrownBy(() -> SealingKeys.of(List.of(SealingKeys.generate())).open(sealed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not hold");
  }

  @Test
  void refusesATamperedSecret() {
    String key = SealingKeys.generate();
    String sealed = SealedSecrets.seal(SealingKeys.publicKeyOf(key), SECRET);
    char last = sealed.charAt(sealed.length() - 2);
    String tampered =
        sealed.substring(0, sealed.length() - 2)
            + (last == 'A' ? 'B' : 'A')
            + sealed.charAt(sealed.length() - 1);

    assertThatThrownBy(() -> SealingKeys.of(List.of(key)).open(tampered))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not open");
  }

  @Test
  void toStringShowsNoKeyMaterial() {
    String key = SealingKeys.generate();

    assertThat(SealingKeys.of(List.of(key)).toString())
        .doesNotContain(key.substring(14))
        .contains(key.substring(5, 13));
  }
}
