package io.torale.platform.health;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.torale.platform.temporal.TemporalProperties;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code temporal}: the frontend answers {@code GetSystemInfo} within the timeout. It is an
 * authenticated call, so a rejected API key or certificate shows here too.
 */
public class TemporalHealthIndicator extends AbstractHealthIndicator {

  private final WorkflowServiceStubs stubs;
  private final TemporalProperties properties;
  private final Duration timeout;

  public TemporalHealthIndicator(
      WorkflowServiceStubs stubs, TemporalProperties properties, Duration timeout) {
    super("Temporal health check failed");
    this.stubs = stubs;
    this.properties = properties;
    this.timeout = timeout;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    String version =
        stubs
            .blockingStub()
            .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .getSystemInfo(GetSystemInfoRequest.getDefaultInstance())
            .getServerVersion();
    builder
        .up()
        .withDetail("target", properties.target())
        .withDetail("namespace", properties.namespace())
        .withDetail("serverVersion", version);
  }
}
