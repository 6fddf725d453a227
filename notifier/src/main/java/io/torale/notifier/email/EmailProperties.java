package io.torale.notifier.email;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Email notifications ({@code torale.email.*}). The SMTP connection itself is Boot's {@code
 * spring.mail.*} (host, port, username, password, STARTTLS and timeouts).
 *
 * @param from the sender address
 * @param perRecipientHourly most emails one address receives in any hour; more are suppressed
 * @param perOwnerDaily most emails one task owner's tasks send in any 24 hours
 * @param retrySchedule delay before each attempt, like the webhooks' schedule
 * @param jitter ± fraction applied to every non-zero delay
 * @param attemptTimeout the whole SMTP attempt (connect, conversation, message); the sending
 *     virtual thread is interrupted after it, which closes the connection. An email starts only
 *     while its claim's lease ({@code torale.dispatch.lease}) has at least this much left, so no
 *     attempt outlives its claim
 */
@Validated
@ConfigurationProperties("torale.email")
public record EmailProperties(
    @NotBlank @DefaultValue("Torale <torale@localhost>") String from,
    @Min(0) @DefaultValue("10") int perRecipientHourly,
    @Min(0) @DefaultValue("200") int perOwnerDaily,
    @NotEmpty @DefaultValue("0s,30s,5m,30m,2h") List<Duration> retrySchedule,
    @DefaultValue("0.2") double jitter,
    @DefaultValue("60s") Duration attemptTimeout) {}
