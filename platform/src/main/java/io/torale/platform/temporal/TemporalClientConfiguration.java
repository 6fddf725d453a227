package io.torale.platform.temporal;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.common.context.ContextPropagator;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The Temporal connection every service shares: stubs, a workflow client, a schedule client. */
@AutoConfiguration
@EnableConfigurationProperties(TemporalProperties.class)
public class TemporalClientConfiguration {

  @Bean(destroyMethod = "shutdown")
  @ConditionalOnMissingBean
  WorkflowServiceStubs workflowServiceStubs(
      TemporalProperties properties, ObjectProvider<MeterRegistry> meters) {
    MeterRegistry registry = meters.getIfAvailable();
    return TemporalConnections.stubs(properties, registry == null ? null : metricsScope(registry));
  }

  /** The SDK reports through Tally; this bridges it to the application's Micrometer registry. */
  private static Scope metricsScope(MeterRegistry registry) {
    return new RootScopeBuilder()
        .reporter(new MicrometerClientStatsReporter(registry))
        .reportEvery(com.uber.m3.util.Duration.ofSeconds(10));
  }

  @Bean
  @ConditionalOnMissingBean
  WorkflowClient workflowClient(
      WorkflowServiceStubs stubs,
      TemporalProperties properties,
      ObjectProvider<ContextPropagator> propagators) {
    // The propagators (trace context) travel in workflow and activity headers; the worker's
    // factory takes them from this client.
    return WorkflowClient.newInstance(
        stubs,
        WorkflowClientOptions.newBuilder()
            .setNamespace(properties.namespace())
            .setContextPropagators(propagators.orderedStream().toList())
            .build());
  }

  @Bean
  @ConditionalOnMissingBean
  ScheduleClient scheduleClient(WorkflowServiceStubs stubs, TemporalProperties properties) {
    return ScheduleClient.newInstance(
        stubs, ScheduleClientOptions.newBuilder().setNamespace(properties.namespace()).build());
  }
}
