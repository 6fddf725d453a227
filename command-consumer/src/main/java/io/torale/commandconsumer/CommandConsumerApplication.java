package io.torale.commandconsumer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The only writer of tasks and schedules: task-lifecycle commands from Kafka become task rows and
 * Temporal schedule operations, each answered by one result on Kafka.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class CommandConsumerApplication {

  public static void main(String[] args) {
    SpringApplication.run(CommandConsumerApplication.class, args);
  }
}
