package io.torale.commandconsumer.taskapi;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The service token the worker and the notifier present to the task API ({@code
 * torale.task-api.token}, {@code TORALE_TASK_API_TOKEN}). Unset, the API refuses every request.
 */
@ConfigurationProperties("torale.task-api")
record TaskApiProperties(String token) {

  @Override
  public String toString() {
    return "TaskApiProperties[token=" + (token == null || token.isBlank() ? "unset" : "****") + "]";
  }
}
