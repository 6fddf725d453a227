package io.torale.notifier.webhook;

import io.torale.platform.tracing.TraceContexts;
import io.torale.schemas.secrets.StorageKeys;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The webhook HTTP client: the egress guard as its DNS resolver, no redirects, no automatic retries
 * (the retry schedule is ours), no proxies, no cookies, every timeout set.
 */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

  @Bean
  GuardedResolver egressGuard(WebhookProperties properties) {
    return new GuardedResolver(properties.allowedHosts());
  }

  @Bean(destroyMethod = "close")
  CloseableHttpClient webhookHttpClient(GuardedResolver guard, WebhookProperties properties) {
    Timeout timeout = Timeout.of(properties.timeout());
    var connections =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(guard)
            .setMaxConnPerRoute(properties.perEndpointConcurrency())
            .setMaxConnTotal(1_000)
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(timeout)
                    .setSocketTimeout(timeout)
                    .build())
            .build();
    return HttpClients.custom()
        .setConnectionManager(connections)
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableCookieManagement()
        .setUserAgent("Torale-Webhooks/1")
        .setDefaultRequestConfig(
            RequestConfig.custom()
                .setConnectionRequestTimeout(timeout)
                .setResponseTimeout(timeout)
                .build())
        .build();
  }

  /** The {@code v1a} signer, only when {@code torale.webhooks.signing-key} is set. */
  @Bean
  @ConditionalOnExpression("!'${torale.webhooks.signing-key:}'.isBlank()")
  AsymmetricSigner asymmetricSigner(WebhookProperties properties) {
    return AsymmetricSigner.fromSecretKey(properties.signingKey().strip());
  }

  @Bean
  StorageKeys storageKeys(SecretsProperties properties) {
    return StorageKeys.of(properties.storageKeys());
  }

  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService webhookDeadlines() {
    ScheduledThreadPoolExecutor deadlines =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().name("webhook-deadlines").daemon().factory());
    // Nearly every attempt ends long before its deadline and cancels it: without this, the
    // cancelled deadlines stayed queued for the whole timeout (thousands at a few hundred
    // attempts per second), each new one sorted in among them.
    deadlines.setRemoveOnCancelPolicy(true);
    return deadlines;
  }

  @Bean
  WebhookSender webhookSender(
      CloseableHttpClient webhookHttpClient,
      GuardedResolver guard,
      WebhookSecrets secrets,
      Optional<AsymmetricSigner> asymmetricSigner,
      ScheduledExecutorService webhookDeadlines,
      WebhookProperties properties,
      TraceContexts traces,
      AttemptTracing tracing) {
    return new WebhookSender(
        webhookHttpClient,
        guard,
        secrets,
        asymmetricSigner,
        webhookDeadlines,
        properties,
        traces,
        tracing);
  }
}
