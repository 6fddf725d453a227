package io.torale.platform.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;

/**
 * W3C trace context as a single {@code traceparent} string, for the places where it leaves Kafka
 * and HTTP instrumentation: Temporal headers and the notifier's delivery rows. Works on Micrometer
 * Tracing, so the bridge (OpenTelemetry here) and whether spans are exported stay configuration.
 */
public class TraceContexts {

  /** The W3C header and Temporal header key. */
  public static final String TRACEPARENT = "traceparent";

  private final Tracer tracer;
  private final Propagator propagator;

  public TraceContexts(Tracer tracer, Propagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  /** The current span's {@code traceparent}, or null outside any trace. */
  public String current() {
    Span span = tracer.currentSpan();
    return span == null ? null : traceparentOf(span);
  }

  /** The {@code traceparent} that names {@code span} as the parent. */
  public String traceparentOf(Span span) {
    Map<String, String> carrier = new HashMap<>();
    propagator.inject(span.context(), carrier, Map::put);
    return carrier.get(TRACEPARENT);
  }

  /**
   * Starts a span as the child of {@code traceparent}; a new trace when it is null or malformed.
   * The caller ends it and puts it in scope with {@link #inScope(Span)}.
   */
  public Span startChild(String traceparent, String name, Span.Kind kind) {
    Map<String, String> carrier = traceparent == null ? Map.of() : Map.of(TRACEPARENT, traceparent);
    return propagator.extract(carrier, Map::get).name(name).kind(kind).start();
  }

  /** Makes {@code span} current on this thread until the scope is closed. */
  public Tracer.SpanInScope inScope(Span span) {
    return tracer.withSpan(span);
  }
}
