package io.torale.platform.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Trace context beyond Kafka's own instrumentation: the {@code traceparent} helper and the Temporal
 * header propagator (the platform's workflow client registers it). Without a tracer (tracing
 * disabled) both still work and carry nothing.
 */
@AutoConfiguration
public class TracingConfiguration {

  @Bean
  @ConditionalOnMissingBean
  TraceContexts traceContexts(
      ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
    return new TraceContexts(
        tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
  }

  @Bean
  @ConditionalOnMissingBean
  TemporalTracePropagator temporalTracePropagator(TraceContexts traces) {
    return new TemporalTracePropagator(traces);
  }
}
