package io.torale.platform.temporal;

import com.uber.m3.tally.Scope;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Builds service stubs for the three ways of reaching Temporal that Torale supports. */
public final class TemporalConnections {

  private TemporalConnections() {}

  /** Connects lazily: the stubs do not fail when the server is down, calls do. */
  public static WorkflowServiceStubs stubs(TemporalProperties properties) {
    return stubs(properties, null);
  }

  /**
   * As {@link #stubs(TemporalProperties)}, reporting the SDK's client and worker metrics (requests
   * by operation, failures, latencies, poller and slot gauges) to {@code metricsScope} when given.
   */
  public static WorkflowServiceStubs stubs(TemporalProperties properties, Scope metricsScope) {
    WorkflowServiceStubsOptions.Builder options =
        WorkflowServiceStubsOptions.newBuilder().setTarget(properties.target());
    if (metricsScope != null) {
      options.setMetricsScope(metricsScope);
    }
    if (properties.usesTls()) {
      options.setSslContext(sslContext(properties));
      if (properties.serverName() != null && !properties.serverName().isBlank()) {
        options.setChannelInitializer(
            channel -> channel.overrideAuthority(properties.serverName()));
      }
    }
    if (properties.hasApiKey()) {
      String apiKey = properties.apiKey();
      options.addApiKey(() -> apiKey);
    }
    return WorkflowServiceStubs.newServiceStubs(options.build());
  }

  private static SslContext sslContext(TemporalProperties properties) {
    try {
      SslContextBuilder builder = GrpcSslContexts.forClient();
      if (properties.serverRootCaPath() != null && !properties.serverRootCaPath().isBlank()) {
        builder.trustManager(new File(properties.serverRootCaPath()));
      }
      if (properties.hasClientCertificate()) {
        builder.keyManager(
            new File(properties.clientCertPath()), new File(properties.clientKeyPath()));
      }
      return builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot build the TLS context for Temporal: check torale.temporal.client-cert-path,"
              + " client-key-path and server-root-ca-path",
          e);
    }
  }
}
