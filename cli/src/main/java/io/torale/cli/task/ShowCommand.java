package io.torale.cli.task;

import io.torale.cli.Endpoints;
import io.torale.cli.UserFacingException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ./torale task show ID}: the task and its schedule, from the admin API. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Show a task and its schedule.")
final class ShowCommand implements Callable<Integer> {

  @Mixin Endpoints endpoints;

  @Parameters(index = "0", description = "Task id.")
  String taskId;

  @Override
  public Integer call() throws InterruptedException {
    var request =
        HttpRequest.newBuilder(URI.create(endpoints.adminUrl() + "/admin/tasks/" + taskId))
            .header("Authorization", "Bearer " + endpoints.adminToken())
            .timeout(Duration.ofSeconds(10))
            .build();
    HttpResponse<String> response;
    try (var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()) {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UserFacingException(
          "the admin API is not reachable at "
              + endpoints.adminUrl()
              + ": is command-consumer running? (./torale up starts it; or pass --admin-url)");
    }
    switch (response.statusCode()) {
      case 200 -> System.out.println(response.body());
      case 401 ->
          throw new UserFacingException(
              "the admin API refused the token (401): check TORALE_ADMIN_TOKEN");
      case 404 -> throw new UserFacingException("no task " + taskId);
      default ->
          throw new UserFacingException(
              "admin API answered " + response.statusCode() + ": " + response.body());
    }
    return 0;
  }
}
