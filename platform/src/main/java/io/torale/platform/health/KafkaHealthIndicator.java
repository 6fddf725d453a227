package io.torale.platform.health;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code kafka}: the cluster answers a describe-cluster request within the timeout. One admin
 * client is kept for the probes; it reconnects by itself after an outage.
 */
public class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

  private final Map<String, Object> adminConfig;
  private final Duration timeout;
  private volatile Admin admin;

  public KafkaHealthIndicator(Map<String, Object> adminConfig, Duration timeout) {
    super("Kafka health check failed");
    this.adminConfig = adminConfig;
    this.timeout = timeout;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    int millis = (int) timeout.toMillis();
    DescribeClusterResult cluster =
        admin().describeCluster(new DescribeClusterOptions().timeoutMs(millis));
    String clusterId = cluster.clusterId().get(millis, TimeUnit.MILLISECONDS);
    int nodes = cluster.nodes().get(millis, TimeUnit.MILLISECONDS).size();
    builder.up().withDetail("clusterId", clusterId).withDetail("nodes", nodes);
  }

  private Admin admin() {
    Admin current = admin;
    if (current == null) {
      synchronized (this) {
        if (admin == null) {
          Map<String, Object> config = new java.util.HashMap<>(adminConfig);
          config.put(AdminClientConfig.CLIENT_ID_CONFIG, "torale-health");
          config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
          config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
          admin = Admin.create(config);
        }
        current = admin;
      }
    }
    return current;
  }

  @Override
  public void destroy() {
    Admin current = admin;
    if (current != null) {
      current.close(Duration.ofSeconds(2));
    }
  }
}
