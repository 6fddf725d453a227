package io.torale.notifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** A receiver's view: it has only the published {@code whpk_} key, no shared secret. */
class AsymmetricSignerTest {

  private static final String BODY = "{\"type\":\"task.condition_met\"}";

  @Test
  void aReceiverVerifiesWithThePublishedPublicKeyAlone() throws Exception {
    var signer = AsymmetricSigner.fromSecretKey(randomKey());

    String header = signer.sign("msg_1", 1_700_000_000L, BODY);

    assertThat(header).startsWith("v1a,");
    assertThat(verify(signer.publicKey(), header, "msg_1", 1_700_000_000L, BODY)).isTrue();
    assertThat(verify(signer.publicKey(), header, "msg_1", 1_700_000_000L, BODY + " ")).isFalse();
    assertThat(verify(signer.publicKey(), header, "msg_2", 1_700_000_000L, BODY)).isFalse();
  }

  @Test
  void theSameKeyAlwaysGivesTheSamePublicKeyAndAnotherKeyAnother() {
    String key = randomKey();
    assertThat(AsymmetricSigner.fromSecretKey(key).publicKey())
        .isEqualTo(AsymmetricSigner.fromSecretKey(key).publicKey())
        .isNotEqualTo(AsymmetricSigner.fromSecretKey(randomKey()).publicKey())
        .startsWith("whpk_");
  }

  @Test
  void derivesRfc8032sPublicKey() {
    // RFC 8032, section 7.1, TEST 1.
    var signer =
        AsymmetricSigner.fromSecretKey(
            "whsk_"
                + Base64.getEncoder()
                    .encodeToString(
                        HexFormat.of()
                            .parseHex(
                                "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")));

    assertThat(
            HexFormat.of().formatHex(Base64.getDecoder().decode(signer.publicKey().substring(5))))
        .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  }

  @Test
  void refusesKeysThatAreNotEd25519Seeds() {
    assertThatThrownBy(() -> AsymmetricSigner.fromSecretKey("whsec_abc"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AsymmetricSigner.fromSecretKey("whsk_YWJj"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static boolean verify(String whpk, String header, String id, long timestamp, String body)
      throws Exception {
    byte[] raw = Base64.getDecoder().decode(whpk.substring("whpk_".length()));
    byte[] x509 = new byte[44];
    System.arraycopy(HexFormat.of().parseHex("302a300506032b6570032100"), 0, x509, 0, 12);
    System.arraycopy(raw, 0, x509, 12, 32);
    PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
    Signature ed25519 = Signature.getInstance("Ed25519");
    ed25519.initVerify(key);
    ed25519.update((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
    return ed25519.verify(Base64.getDecoder().decode(header.substring("v1a,".length())));
  }

  private static String randomKey() {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    return "whsk_" + Base64.getEncoder().encodeToString(seed);
  }
}
