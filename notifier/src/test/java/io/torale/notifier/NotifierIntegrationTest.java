package io.torale.notifier;

import io.torale.localstack.LocalStackExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The notifier in-process against the local stack (real Kafka, registry, PostgreSQL, SMTP catcher)
 * and {@link TaskApiStandIn} for command-consumer's secret lookup: signing with {@link #SECRET} by
 * default, polling every 100 ms, on a free port, with {@link Deliveries} to inject. Its context is
 * closed after the class, so its dispatcher does not take the deliveries of later classes. Add a
 * class's own properties with {@code @TestPropertySource}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith({LocalStackExtension.class, TaskApiStandIn.class})
@SpringBootTest(
    properties = {
      "torale.webhooks.default-secret=" + NotifierIntegrationTest.SECRET,
      "torale.dispatch.poll-interval=100ms",
      "server.port=0"
    })
@Import(Deliveries.class)
@DirtiesContext
@interface NotifierIntegrationTest {

  /** The default signing secret the tests' webhook receivers verify with. */
  String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
}
