package io.torale.platform.tracing;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults every service shares, below everything else (application.yml, environment variables and
 * system properties all override them): a trace for every command and event (sampling 1.0, so the
 * context always exists and is propagated; export is off until an OTLP endpoint is set), Kafka
 * observation so {@code traceparent} is read from and written to record headers, and the log line's
 * correlation part with the trace, task, command and run ids.
 */
class TracingDefaults implements EnvironmentPostProcessor {

  static final String CORRELATION =
      "[%X{traceId:-},%X{spanId:-}]"
          + "%replace( taskId=%X{taskId}){' taskId=$',''}"
          + "%replace( commandId=%X{commandId}){' commandId=$',''}"
          + "%replace( runId=%X{runId}){' runId=$',''}"
          + "%replace( eventId=%X{eventId}){' eventId=$',''}"
          + "%replace( deliveryId=%X{deliveryId}){' deliveryId=$',''} ";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication app) {
    environment
        .getPropertySources()
        .addLast(
            new MapPropertySource(
                "toraleTracingDefaults",
                Map.of(
                    "management.tracing.sampling.probability", "1.0",
                    "spring.kafka.template.observation-enabled", "true",
                    "spring.kafka.listener.observation-enabled", "true",
                    "logging.pattern.correlation", CORRELATION)));
  }
}
