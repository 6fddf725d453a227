package io.torale.platform.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookEndpointRefTest {

  private static final String TASK = "7d4ba1f2-5b4c-4d59-9d0e-0f3b3f2c1a10";
  private static final String URL = "https://user:pw@hooks.example.com:8443/t/s3cr3t-token?key=k3y";

  @Test
  void carriesNeitherPathQueryNorUserInfo() {
    WebhookEndpointRef ref = WebhookEndpointRef.of(TASK, URL);

    assertThat(ref.redactedUrl()).isEqualTo("https://hooks.example.com:8443/…");
    assertThat(ref.toString()).doesNotContain("s3cr3t-token", "k3y", "pw");
    assertThat(ref.id()).matches("whep_[0-9a-f]{32}");
  }

  @Test
  void theIdIsStablePerTaskAndUrl() {
    assertThat(WebhookEndpointRef.idOf(TASK, URL)).isEqualTo(WebhookEndpointRef.idOf(TASK, URL));
    assertThat(WebhookEndpointRef.idOf(TASK, URL))
        .isNotEqualTo(WebhookEndpointRef.idOf(TASK, URL + "2"))
        .isNotEqualTo(WebhookEndpointRef.idOf("0b1c7a52-9a59-4d59-8f7e-3f2b0c1d2e3f", URL));
    assertThat(WebhookEndpointRef.isId(WebhookEndpointRef.idOf(TASK, URL))).isTrue();
    assertThat(WebhookEndpointRef.isId(URL)).isFalse();
  }
}
