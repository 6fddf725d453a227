package io.torale.platform.temporal;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
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
  WorkflowServiceStubs workflowServiceStubs(TemporalProperties properties) {
    return TemporalConnections.stubs(properties);
  }

  @Bean
  @ConditionalOnMissingBean
  WorkflowClient workflowClient(WorkflowServiceStubs stubs, TemporalProperties properties) {
    return WorkflowClient.newInstance(
        stubs, WorkflowClientOptions.newBuilder().setNamespace(properties.namespace()).build());
  }

  @Bean
  @ConditionalOnMissingBean
  ScheduleClient scheduleClient(WorkflowServiceStubs stubs, TemporalProperties properties) {
    return ScheduleClient.newInstance(
        stubs, ScheduleClientOptions.newBuilder().setNamespace(properties.namespace()).build());
  }
}
