package io.torale.worker.runtime;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.torale.platform.monitoring.ScheduleIds;
import io.torale.platform.tracing.TemporalTracePropagator;
import io.torale.platform.tracing.TraceContexts;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Runs every activity in a span that continues the run's trace (the {@code traceparent} the
 * workflow put in the activity's header), so the records the activity sends carry it on, and with
 * the task id, workflow id and run id in the log context. Both are removed when the activity
 * returns: activity threads are pooled.
 */
@Component
class ActivityTracing extends WorkerInterceptorBase {

  /** Task ids are UUIDs; workflow ids append "-now-{commandId}" or the schedule's timestamp. */
  private static final int TASK_ID_LENGTH = 36;

  private final TraceContexts traces;

  ActivityTracing(TraceContexts traces) {
    this.traces = traces;
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private ActivityInfo info;

      @Override
      public void init(ActivityExecutionContext context) {
        info = context.getInfo();
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        String parent = TemporalTracePropagator.traceparentOf(input.getHeader().getValues());
        Span span =
            traces.startChild(parent, "activity " + info.getActivityType(), Span.Kind.SERVER);
        try (Tracer.SpanInScope scope = traces.inScope(span);
            var task = MDC.putCloseable("taskId", taskIdOf(info.getWorkflowId()));
            var workflow = MDC.putCloseable("workflowId", info.getWorkflowId());
            var run = MDC.putCloseable("runId", info.getRunId())) {
          return super.execute(input);
        } catch (RuntimeException e) {
          span.error(e);
          throw e;
        } finally {
          span.end();
        }
      }
    };
  }

  static String taskIdOf(String workflowId) {
    return ScheduleIds.taskIdOf(workflowId)
        .filter(rest -> rest.length() >= TASK_ID_LENGTH)
        .map(rest -> rest.substring(0, TASK_ID_LENGTH))
        .orElse(null);
  }
}
