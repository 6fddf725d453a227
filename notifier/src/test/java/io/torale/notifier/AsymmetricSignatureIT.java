package io.torale.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.torale.notifier.delivery.Channel;
import io.torale.schemas.v1.ConditionMet;
import io.torale.testsupport.webhook.Received;
import io.torale.testsupport.webhook.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * With {@code torale.webhooks.signing-key} set, every webhook also carries a Standard Webhooks
 * {@code v1a} (Ed25519) signature that a receiver verifies with nothing but the public key the
 * notifier publishes at {@code /webhooks/public-key}: no shared secret needed.
 */
@NotifierIntegrationTest
@TestPropertySource(properties = "torale.webhooks.signing-key=" + AsymmetricSignatureIT.KEY)
class AsymmetricSignatureIT {

  /** A fixed test key (RFC 8032 test 1's private key); never used outside tests. */
  static final String KEY = "whsk_nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=";

  @RegisterExtension
  static final WebhookReceiver receiver = new WebhookReceiver(NotifierIntegrationTest.SECRET);

  @Autowired Deliveries deliveries;

  @Autowired WebApplicationContext context;

  @Test
  void aReceiverVerifiesTheV1aSignatureWithThePublishedKey() throws Exception {
    String url = receiver.url("/v1a-" + UUID.randomUUID());
    ConditionMet event = Events.conditionMet("owner-" + UUID.randomUUID(), List.of(), List.of(url));
    deliveries.publish(event);
    deliveries.awaitStatus(event, Channel.WEBHOOK, url, "DELIVERED");

    Received request = receiver.on(url).getFirst();
    String[] signatures = request.header("webhook-signature").split(" ");
    assertThat(signatures).anyMatch(s -> s.startsWith("v1,")).anyMatch(s -> s.startsWith("v1a,"));
    assertThat(request.signatureValid()).as("the v1 (HMAC) signature still verifies").isTrue();

    String publicKey = publishedPublicKey();
    String v1a =
        Arrays.stream(signatures).filter(s -> s.startsWith("v1a,")).findFirst().orElseThrow();
    String signed =
        request.webhookId() + "." + request.header("webhook-timestamp") + "." + request.body();
    assertThat(verify(publicKey, v1a, signed)).isTrue();
    assertThat(verify(publicKey, v1a, signed + "tampered")).isFalse();
  }

  private String publishedPublicKey() throws Exception {
    // The test context has a mock servlet environment: the endpoint is called through MockMvc.
    var response =
        MockMvcBuilders.webAppContextSetup(context)
            .build()
            .perform(MockMvcRequestBuilders.get("/webhooks/public-key"))
            .andReturn()
            .getResponse();
    assertThat(response.getStatus()).isEqualTo(200);
    String published = response.getContentAsString().strip();
    // RFC 8032 test 1's public key.
    assertThat(published)
        .isEqualTo(
            "whpk_"
                + Base64.getEncoder()
                    .encodeToString(
                        HexFormat.of()
                            .parseHex(
                                "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")));
    return published;
  }

  private static boolean verify(String whpk, String v1a, String signed) throws Exception {
    byte[] x509 = new byte[44];
    System.arraycopy(HexFormat.of().parseHex("302a300506032b6570032100"), 0, x509, 0, 12);
    System.arraycopy(Base64.getDecoder().decode(whpk.substring(5)), 0, x509, 12, 32);
    Signature ed25519 = Signature.getInstance("Ed25519");
    ed25519.initVerify(
        KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509)));
    ed25519.update(signed.getBytes(StandardCharsets.UTF_8));
    return ed25519.verify(Base64.getDecoder().decode(v1a.substring(4)));
  }
}
