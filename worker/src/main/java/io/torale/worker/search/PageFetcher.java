package io.torale.worker.search;

import io.temporal.failure.ApplicationFailure;
import io.torale.platform.egress.EgressRefusedException;
import io.torale.worker.monitoring.FailureTypes;
import java.io.IOException;
import java.io.InputStream;
import java.net.Proxy;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.springframework.stereotype.Component;

/**
 * Fetches a page for a {@code WEB_PAGE} task: timeouts, a size cap, redirects followed by hand (so
 * every hop's address is checked), and no private, loopback, link-local or metadata addresses
 * unless the host is allow-listed. No proxy: the address checked is the address connected to.
 */
@Component
public class PageFetcher {

  /** A fetched page: where it finally came from and its text. */
  public record Page(String url, String html) {}

  private final WebPageProperties properties;
  private final AddressGuard guard;
  private final OkHttpClient http;

  public PageFetcher(WebPageProperties properties) {
    this.properties = properties;
    this.guard = new AddressGuard(properties, Dns.SYSTEM);
    this.http =
        new OkHttpClient.Builder()
            .dns(guard)
            .proxy(Proxy.NO_PROXY)
            .followRedirects(false)
            .followSslRedirects(false)
            .connectTimeout(properties.connectTimeout())
            .readTimeout(properties.readTimeout())
            .callTimeout(properties.readTimeout().plus(properties.connectTimeout()))
            .build();
  }

  public Page fetch(String url) {
    HttpUrl current = parse(url);
    for (int hop = 0; hop <= properties.maxRedirects(); hop++) {
      Request request =
          new Request.Builder().url(current).header("User-Agent", properties.userAgent()).build();
      try {
        guard.checkLiteral(current.host());
      } catch (EgressRefusedException e) {
        throw refused(e.getMessage());
      }
      try (Response response = http.newCall(request).execute()) {
        if (response.isRedirect()) {
          String location = response.header("Location");
          HttpUrl next = location == null ? null : current.resolve(location);
          if (next == null) {
            throw rejected("redirect without a usable Location from " + current);
          }
          current = next;
          continue;
        }
        return new Page(current.toString(), body(response, current));
      } catch (EgressRefusedException e) {
        throw refused(e.getMessage());
      } catch (IOException e) {
        throw ApplicationFailure.newFailureWithCause(
            "cannot fetch " + current + ": " + e, FailureTypes.PAGE_UNAVAILABLE, e);
      }
    }
    throw rejected("more than " + properties.maxRedirects() + " redirects from " + url);
  }

  private String body(Response response, HttpUrl url) throws IOException {
    int code = response.code();
    if (code == 429 || code >= 500) {
      throw ApplicationFailure.newFailure(
          url + " answered HTTP " + code, FailureTypes.PAGE_UNAVAILABLE);
    }
    if (!response.isSuccessful()) {
      throw rejected(url + " answered HTTP " + code);
    }
    ResponseBody body = response.body();
    if (body == null) {
      return "";
    }
    long max = properties.maxSize().toBytes();
    byte[] bytes;
    try (InputStream in = body.byteStream()) {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
    }
    if (bytes.length > max) {
      throw rejected(url + " is larger than " + properties.maxSize());
    }
    MediaType type = body.contentType();
    Charset charset = type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8);
    return new String(bytes, charset);
  }

  private static HttpUrl parse(String url) {
    HttpUrl parsed = url == null ? null : HttpUrl.parse(url);
    if (parsed == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "not an http(s) URL: " + url, FailureTypes.INVALID_CONFIGURATION);
    }
    return parsed;
  }

  private static ApplicationFailure refused(String message) {
    return ApplicationFailure.newNonRetryableFailure(
        "refused: " + message + " (allow-list the host in torale.webpage.allowed-hosts)",
        FailureTypes.ADDRESS_REFUSED);
  }

  private static ApplicationFailure rejected(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.PAGE_REJECTED);
  }
}
