package io.torale.worker.runtime;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Small shared beans of the worker. */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

  /** Wall-clock time for activities (prompts carry today's date); tests replace it. */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
