package io.torale.worker.compare;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StateHashTest {

  @Test
  void ignoresCaseAndWhitespace() {
    assertThat(StateHash.of("  Event on\n Sept 9 ")).isEqualTo(StateHash.of("event on sept 9"));
  }

  @Test
  void differsForDifferentFindings() {
    assertThat(StateHash.of("Event on Sept 9")).isNotEqualTo(StateHash.of("Event on Sept 10"));
    assertThat(StateHash.of("x")).hasSize(64);
  }
}
