package io.torale.schemas.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StorageKeysTest {

  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String TASK = "7d4ba1f2-5b4c-4d59-9d0e-0f3b3f2c1a10";

  @Test
  void decryptsWhatItEncryptedForTheSameTask() {
    StorageKeys keys = StorageKeys.of(List.of(StorageKeys.generate()));
    String stored = keys.encrypt(SECRET, TASK);

    assertThat(stored).startsWith("tenc_").doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    assertThat(keys.decrypt(stored, TASK)).isEqualTo(SECRET);
    assertThat(keys.isCurrent(stored)).isTrue();
  }

  @Test
  void aStoredSecretCopiedToAnotherTaskDoesNotDecrypt() {
    StorageKeys keys = StorageKeys.of(List.of(StorageKeys.generate()));
    String stored = keys.encrypt(SECRET, TASK);

    assertThatThrownBy(() -> keys.decrypt(stored, "0b1c7a52-9a59-4d59-8f7e-3f2b0c1d2e3f"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not decrypt");
  }

  @Test
  void afterRotationTheOldKeyStillDecryptsAndIsNoLongerCurrent() {
    String old = StorageKeys.generate();
    String stored = StorageKeys.of(List.of(old)).encrypt(SECRET, TASK);
    StorageKeys rotated = StorageKeys.of(List.of(StorageKeys.generate(), old));

    assertThat(rotated.decrypt(stored, TASK)).isEqualTo(SECRET);
    assertThat(rotated.isCurrent(stored)).isFalse();
    assertThat(rotated.isCurrent(rotated.encrypt(SECRET, TASK))).isTrue();
  }

  @Test
  void refusesAKeyThatIsNotConfigured() {
    String stored = StorageKeys.of(List.of(StorageKeys.generate())).encrypt(SECRET, TASK);

    assertThatThrownBy(() -> StorageKeys.of(List.of(StorageKeys.generate())).decrypt(stored, TASK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not configured");
  }
}
