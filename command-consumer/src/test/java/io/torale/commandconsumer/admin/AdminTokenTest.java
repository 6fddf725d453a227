package io.torale.commandconsumer.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class AdminTokenTest {

  @Test
  void withoutATokenTheAdminApiIsClosedAndNoTokenIsLogged(CapturedOutput output) {
    AdminToken token = AdminToken.from(new AdminProperties(null, 100));

    assertThat(token.accepts("Bearer ")).isFalse();
    assertThat(token.accepts("Bearer null")).isFalse();
    assertThat(token.accepts(null)).isFalse();
    assertThat(output.getAll()).contains("refuses every request");
    // The old behaviour logged a generated 48-hex-digit token.
    assertThat(output.getAll()).doesNotContainPattern("[0-9a-f]{32,}");
  }

  @Test
  void aConfiguredTokenIsAcceptedAndNeverLogged(CapturedOutput output) {
    String secret = "configured-admin-token-" + System.nanoTime();
    var properties = new AdminProperties(secret, 100);
    AdminToken token = AdminToken.from(properties);

    assertThat(token.accepts("Bearer " + secret)).isTrue();
    assertThat(token.accepts("Bearer wrong")).isFalse();
    assertThat(properties.toString()).doesNotContain(secret);
    assertThat(output.getAll()).doesNotContain(secret);
  }
}
