package io.torale.testsupport.kafka;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates topics ahead of their producers, as an operator of a managed cluster would (3 partitions,
 * as the services declare theirs; 1 replica, the local broker has one).
 */
public final class KafkaTopics {

  private KafkaTopics() {}

  /** Creates the topics with an admin client of {@code adminConfig} and waits for the broker. */
  public static void create(Map<String, Object> adminConfig, String... names) {
    try (Admin admin = Admin.create(adminConfig)) {
      admin
          .createTopics(Arrays.stream(names).map(name -> new NewTopic(name, 3, (short) 1)).toList())
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating " + Arrays.toString(names), e);
    } catch (Exception e) {
      throw new IllegalStateException("could not create " + Arrays.toString(names), e);
    }
  }
}
