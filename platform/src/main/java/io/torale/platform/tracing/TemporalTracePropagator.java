package io.torale.platform.tracing;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.context.ContextPropagator;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowLocal;
import io.temporal.workflow.unsafe.WorkflowUnsafe;
import java.util.Locale;
import java.util.Map;

/**
 * Carries the {@code traceparent} in Temporal headers: from the client that starts a workflow (the
 * command consumer's listener span) into the workflow, and from the workflow into every activity it
 * schedules. Activities restore it themselves (the worker's activity interceptor reads the header),
 * so nothing is left on pooled activity threads.
 *
 * <p>A run started by a schedule has no client call and so no header; its activities then get a
 * trace derived from the run id ({@code 00-<run id without dashes>-<last 16 hex>-01}), one trace
 * per run, that can be found from the run id shown in Temporal.
 */
public class TemporalTracePropagator implements ContextPropagator {

  private static final WorkflowLocal<String> WORKFLOW_CONTEXT = new WorkflowLocal<>();

  private final TraceContexts traces;

  public TemporalTracePropagator(TraceContexts traces) {
    this.traces = traces;
  }

  @Override
  public String getName() {
    return TraceContexts.TRACEPARENT;
  }

  @Override
  public Map<String, Payload> serializeContext(Object context) {
    if (!(context instanceof String traceparent)) {
      return Map.of();
    }
    return Map.of(
        TraceContexts.TRACEPARENT,
        DefaultDataConverter.STANDARD_INSTANCE.toPayload(traceparent).orElseThrow());
  }

  @Override
  public Object deserializeContext(Map<String, Payload> header) {
    return traceparentOf(header);
  }

  /** The {@code traceparent} in a Temporal header, or null. */
  public static String traceparentOf(Map<String, Payload> header) {
    Payload payload = header.get(TraceContexts.TRACEPARENT);
    return payload == null
        ? null
        : DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, String.class, String.class);
  }

  @Override
  public Object getCurrentContext() {
    if (!WorkflowUnsafe.isWorkflowThread()) {
      return traces.current();
    }
    String propagated = WORKFLOW_CONTEXT.get();
    return propagated != null ? propagated : forRun(Workflow.getInfo().getRunId());
  }

  @Override
  public void setCurrentContext(Object context) {
    // Only workflow state: per workflow instance, so a reused workflow thread cannot leak it.
    if (WorkflowUnsafe.isWorkflowThread() && context instanceof String traceparent) {
      WORKFLOW_CONTEXT.set(traceparent);
    }
  }

  /** A deterministic trace for a run without a propagated context. */
  static String forRun(String runId) {
    String hex = runId.replace("-", "").toLowerCase(Locale.ROOT);
    if (hex.length() != 32 || !hex.matches("[0-9a-f]{32}")) {
      return null;
    }
    return "00-" + hex + "-" + hex.substring(16) + "-01";
  }
}
