package io.torale.cli.mail;

import io.torale.cli.UserFacingException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** {@code ./torale mail}: the mail the local SMTP catcher received. */
@Command(
    name = "mail",
    mixinStandardHelpOptions = true,
    description = "List the mail the local SMTP catcher received.")
public final class MailCommand implements Callable<Integer> {

  @Option(
      names = "--mail-url",
      defaultValue = "${env:TORALE_MAIL_URL:-http://localhost:8025}",
      description = "The mail view of ./torale up (default ${DEFAULT-VALUE}).")
  String mailUrl;

  @Option(names = "--json", description = "Print JSON lines instead of a summary.")
  boolean json;

  @Override
  public Integer call() throws InterruptedException {
    var request =
        HttpRequest.newBuilder(URI.create(mailUrl + "/messages.json"))
            .timeout(Duration.ofSeconds(5))
            .build();
    String body;
    try (var http = HttpClient.newHttpClient()) {
      body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new UserFacingException(
          "the mail catcher is not reachable at " + mailUrl + ": is ./torale up running?");
    }
    JsonMapper mapper = JsonMapper.builder().build();
    List<Map<String, Object>> messages = mapper.readValue(body, new TypeReference<>() {});
    for (Map<String, Object> m : messages) {
      if (json) {
        System.out.println(mapper.writeValueAsString(m));
      } else {
        System.out.println(
            "--- " + m.get("subject") + "  to " + m.get("to") + "  at " + m.get("sentAt"));
        System.out.println(m.get("text"));
      }
    }
    System.out.println(messages.size() + " message(s); also at " + mailUrl + "/");
    return 0;
  }
}
