package io.torale.worker.runtime;

import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import io.torale.platform.monitoring.MonitoringWorkflow;
import io.torale.worker.compare.CompareActivities;
import io.torale.worker.monitoring.MonitoringWorkflowImpl;
import io.torale.worker.publish.PublishActivities;
import io.torale.worker.search.SearchActivities;
import io.torale.worker.task.TaskActivities;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Polls {@link MonitoringWorkflow#TASK_QUEUE} while the application runs. Stopping stops polling
 * and waits (up to {@code torale.worker.shutdown-timeout}) for running activities to finish, before
 * the Kafka producer and the database pool they use are closed.
 */
@Component
class TemporalWorker implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(TemporalWorker.class);

  private final WorkerProperties properties;
  private final WorkerFactory factory;
  private volatile boolean running;

  TemporalWorker(
      WorkflowClient client,
      WorkerProperties properties,
      TaskActivities tasks,
      SearchActivities search,
      CompareActivities compare,
      PublishActivities publish,
      ActivityTracing tracing) {
    this.properties = properties;
    this.factory =
        WorkerFactory.newInstance(
            client,
            WorkerFactoryOptions.newBuilder()
                .setUsingVirtualWorkflowThreads(properties.virtualThreads())
                .setWorkerInterceptors(tracing)
                .build());
    Worker worker =
        factory.newWorker(
            MonitoringWorkflow.TASK_QUEUE,
            WorkerOptions.newBuilder()
                .setUsingVirtualThreads(properties.virtualThreads())
                .setMaxConcurrentActivityExecutionSize(properties.maxConcurrentActivities())
                .setMaxConcurrentWorkflowTaskExecutionSize(properties.maxConcurrentWorkflowTasks())
                .build());
    worker.registerWorkflowImplementationTypes(MonitoringWorkflowImpl.class);
    worker.registerActivitiesImplementations(tasks, search, compare, publish);
  }

  @Override
  public void start() {
    if (properties.enabled()) {
      factory.start();
      running = true;
      log.info("Polling task queue {}", MonitoringWorkflow.TASK_QUEUE);
    }
  }

  @Override
  public void stop() {
    if (!running) {
      return;
    }
    factory.shutdown();
    factory.awaitTermination(properties.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
    if (!factory.isTerminated()) {
      log.warn("Activities still running after {}; stopping them", properties.shutdownTimeout());
      factory.shutdownNow();
    }
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
