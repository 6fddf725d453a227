package io.torale.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.junit.jupiter.api.Test;

class TemporalTracePropagatorTest {

  private final TemporalTracePropagator propagator =
      new TemporalTracePropagator(new TraceContexts(Tracer.NOOP, Propagator.NOOP));

  @Test
  void headerRoundTripsTheTraceparent() {
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    Object restored = propagator.deserializeContext(propagator.serializeContext(traceparent));

    assertThat(restored).isEqualTo(traceparent);
  }

  @Test
  void noContextWritesNoHeader() {
    assertThat(propagator.serializeContext(null)).isEmpty();
    assertThat(propagator.deserializeContext(propagator.serializeContext(null))).isNull();
  }

  @Test
  void runWithoutContextGetsATraceFromItsRunId() {
    assertThat(TemporalTracePropagator.forRun("0193B2C4-5D6E-7F80-9A1B-2C3D4E5F6071"))
        .isEqualTo("00-0193b2c45d6e7f809a1b2c3d4e5f6071-9a1b2c3d4e5f6071-01");
    assertThat(TemporalTracePropagator.forRun("not-a-uuid")).isNull();
  }
}
