package io.torale.platform.crash;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Gives every service its {@link CrashPoints}, disarmed unless a test names a point. */
@AutoConfiguration
@EnableConfigurationProperties(CrashProperties.class)
public class CrashPointConfiguration {

  @Bean
  CrashPoints crashPoints(CrashProperties properties) {
    return new CrashPoints(properties);
  }
}
