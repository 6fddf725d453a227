package io.torale.worker.it;

import static io.torale.testsupport.metrics.PrometheusText.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.client.WorkflowClient;
import io.torale.localstack.LocalStack;
import io.torale.localstack.LocalStackExtension;
import io.torale.platform.monitoring.RunResult;
import io.torale.platform.task.MatchType;
import io.torale.platform.task.Notifications;
import io.torale.platform.task.NotifyBehavior;
import io.torale.platform.task.Task;
import io.torale.platform.task.TaskSchedule;
import io.torale.platform.task.TaskSource;
import io.torale.platform.task.TextMatch;
import io.torale.testsupport.page.PageServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Health and metrics of the worker over HTTP, on the local stack: readiness covers every dependency
 * and follows a Temporal outage down and up again; {@code /actuator/prometheus} counts runs.
 *
 * <p>Its own context is closed afterwards ({@link DirtiesContext}): a worker left polling would
 * take runs of other test classes, whose contexts are configured differently.
 */
@ExtendWith(LocalStackExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestMethodOrder(OrderAnnotation.class)
class OperabilityIT {

  @RegisterExtension static final PageServer page = new PageServer("Shop", "Available now");

  private static final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int port;
  @RegisterExtension static final TaskApiStandIn tasks = new TaskApiStandIn();

  @DynamicPropertySource
  static void taskApi(DynamicPropertyRegistry registry) {
    registry.add("torale.task-api.url", tasks::url);
    registry.add("torale.task-api.token", () -> TaskApiStandIn.TOKEN);
  }

  @Autowired WorkflowClient workflows;

  @Test
  @Order(1)
  void readinessIsUpAndCoversEveryDependency() throws Exception {
    HttpResponse<String> readiness = get("/actuator/health/readiness");

    assertThat(readiness.statusCode()).isEqualTo(200);
    assertThat(readiness.body()).contains("\"db\"", "\"kafka\"", "\"registry\"", "\"temporal\"");
    assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
  }

  @Test
  @Order(2)
  void prometheusCountsRunsAndConditionMetEvents() throws Exception {
    double runsBefore = sum(scrape(), "torale_runs_seconds_count{condition_met=\"true\"");
    double metBefore = sum(scrape(), "torale_condition_met_total");
    String taskId = webPageTask(page.url("/shop"));

    RunResult result = Runs.run(workflows, taskId, "it-metrics-" + taskId);

    assertThat(result.notified()).isTrue();
    String metrics = scrape();
    assertThat(sum(metrics, "torale_runs_seconds_count{condition_met=\"true\""))
        .isEqualTo(runsBefore + 1);
    assertThat(sum(metrics, "torale_condition_met_total")).isEqualTo(metBefore + 1);
    assertThat(metrics).contains("torale_runs_seconds_sum", "kafka_producer_record_send_total");
    // The Temporal SDK's own series (reported every 10 s through Micrometer).
    await().atMost(Duration.ofSeconds(30)).until(() -> scrape().contains("temporal_request_total"));
  }

  @Test
  @Order(3)
  void readinessGoesDownWhileTemporalIsAwayAndUpAgain(LocalStack stack) throws Exception {
    stack.stopTemporal();
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> get("/actuator/health/readiness").statusCode() == 503);
      var readiness =
          JsonMapper.builder().build().readTree(get("/actuator/health/readiness").body());
      assertThat(readiness.at("/components/temporal/status").asString()).isEqualTo("DOWN");
      assertThat(readiness.at("/components/kafka/status").asString()).isEqualTo("UP");
      // Out of rotation, not restarted.
      assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    } finally {
      stack.startTemporal();
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> get("/actuator/health/readiness").statusCode() == 200);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String scrape() throws Exception {
    HttpResponse<String> response = get("/actuator/prometheus");
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private String webPageTask(String url) {
    UUID id = UUID.randomUUID();
    tasks.put(
        Task.builder()
            .id(id)
            .name("Shop watch")
            .owner("it")
            .searchQuery("Is it available?")
            .condition("The product is available")
            .schedule(TaskSchedule.utc("0 9 * * *"))
            .source(
                new TaskSource.WebPage(url, null, new TextMatch(MatchType.CONTAINS, "Available")))
            .notifyBehavior(NotifyBehavior.ALWAYS)
            .notifications(new Notifications(List.of("ops@example.com"), List.of()))
            .build());
    return id.toString();
  }
}
