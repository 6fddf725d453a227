package io.torale.worker.task;

import io.temporal.failure.ApplicationFailure;
import io.torale.platform.taskapi.TaskApiProperties;
import io.torale.worker.monitoring.FailureTypes;
import java.net.http.HttpClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

/**
 * Asks command-consumer to complete a task ({@code POST /internal/tasks/{id}/completion}), so the
 * completion is serialised with the task's commands instead of racing them. A 404 (no such task)
 * fails the activity for good; anything else that fails (connection refused, 5xx, timeout) throws
 * and Temporal retries the activity.
 */
@Component
class TaskCompletionClient {

  private final RestClient http;

  TaskCompletionClient(TaskApiProperties properties) {
    var factory =
        new JdkClientHttpRequestFactory(
            HttpClient.newBuilder().connectTimeout(properties.timeout()).build());
    factory.setReadTimeout(properties.timeout());
    this.http =
        RestClient.builder()
            .baseUrl(properties.url().toString())
            .requestFactory(factory)
            .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + properties.token())
            .build();
  }

  void complete(String taskId) {
    try {
      http.post().uri("/internal/tasks/{taskId}/completion", taskId).retrieve().toBodilessEntity();
    } catch (HttpClientErrorException.NotFound e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "task " + taskId + " does not exist", FailureTypes.TASK_NOT_FOUND);
    }
  }
}
