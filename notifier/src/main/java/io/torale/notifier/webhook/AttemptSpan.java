package io.torale.notifier.webhook;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.torale.platform.tracing.TraceContexts;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The trace of one webhook attempt: a recorded client span in the event's trace for a sampled share
 * of attempts, else only a {@code traceparent} naming a fresh span id in the event's trace, flagged
 * not sampled, so the receiver can still correlate it.
 *
 * <p>The unsampled {@code traceparent} is built by hand because it must not cost what a span does:
 * the W3C format is one fixed-width line ({@code 00-<trace id>-<span id>-<flags>}).
 */
final class AttemptSpan implements AutoCloseable {

  private final Span span;
  private final Tracer.SpanInScope scope;
  private final String traceparent;

  private AttemptSpan(Span span, Tracer.SpanInScope scope, String traceparent) {
    this.span = span;
    this.scope = scope;
    this.traceparent = traceparent;
  }

  static AttemptSpan start(TraceContexts traces, String parent, double sampling) {
    boolean parentSampled = parent == null || parent.endsWith("-01");
    if (parentSampled && ThreadLocalRandom.current().nextDouble() < sampling) {
      Span span = traces.startChild(parent, "webhook POST", Span.Kind.CLIENT);
      return new AttemptSpan(span, traces.inScope(span), traces.traceparentOf(span));
    }
    String traceId = isTraceparent(parent) ? parent.substring(3, 35) : randomHex(16);
    return new AttemptSpan(null, null, "00-" + traceId + "-" + randomHex(8) + "-00");
  }

  /** What the request carries as {@code traceparent}. */
  String traceparent() {
    return traceparent;
  }

  void outcome(String outcome) {
    if (span != null) {
      span.tag("outcome", outcome);
    }
  }

  @Override
  public void close() {
    if (span != null) {
      scope.close();
      span.end();
    }
  }

  /**
   * Whether {@code s} is a version-00 {@code traceparent} ({@code 00-<32 hex>-<16 hex>-<2 hex>},
   * lower case). Checked by hand: a regular expression per attempt showed in the profile.
   */
  static boolean isTraceparent(String s) {
    if (s == null || s.length() != 55 || !s.startsWith("00-")) {
      return false;
    }
    for (int i = 3; i < 55; i++) {
      char c = s.charAt(i);
      boolean dash = i == 35 || i == 52;
      if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    // All zeros is an invalid id in W3C trace context.
    random[bytes - 1] |= 1;
    return HexFormat.of().formatHex(random);
  }
}
