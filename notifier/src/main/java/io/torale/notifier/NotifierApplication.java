package io.torale.notifier;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Fans {@code ConditionMet} events out to email and signed webhooks. The Kafka listener only
 * records pending deliveries; the dispatcher delivers them, so delivery survives restarts.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NotifierApplication {

  public static void main(String[] args) {
    SpringApplication.run(NotifierApplication.class, args);
  }
}
