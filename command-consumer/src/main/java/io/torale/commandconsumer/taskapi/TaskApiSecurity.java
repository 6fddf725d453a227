package io.torale.commandconsumer.taskapi;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards {@code /internal/*} (the task API and the worker's completion endpoint) with the service
 * token of the worker and the notifier, not the operators' admin token: without {@code
 * Authorization: Bearer <token>} (compared in constant time), a 401 with an empty body. Without a
 * configured token nothing is accepted, so a forgotten setting never opens the API.
 */
@Configuration(proxyBeanMethods = false)
class TaskApiSecurity {

  private static final Logger log = LoggerFactory.getLogger(TaskApiSecurity.class);

  @Bean
  FilterRegistrationBean<ServiceTokenFilter> taskApiTokenFilter(TaskApiProperties properties) {
    if (properties.token() == null || properties.token().isBlank()) {
      log.warn(
          "torale.task-api.token (TORALE_TASK_API_TOKEN) is not set: the task API refuses every"
              + " request, so workers and notifiers cannot read tasks");
    }
    var registration = new FilterRegistrationBean<>(new ServiceTokenFilter(properties.token()));
    registration.addUrlPatterns("/internal/*");
    registration.setOrder(Integer.MIN_VALUE + 10);
    return registration;
  }

  static final class ServiceTokenFilter extends OncePerRequestFilter {

    private final byte[] expected;

    ServiceTokenFilter(String token) {
      this.expected =
          token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      if (accepts(request.getHeader(HttpHeaders.AUTHORIZATION))) {
        chain.doFilter(request, response);
        return;
      }
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
      response.setContentLength(0);
    }

    private boolean accepts(String authorization) {
      if (expected == null || authorization == null || !authorization.startsWith("Bearer ")) {
        return false;
      }
      byte[] presented = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
      return MessageDigest.isEqual(expected, presented);
    }
  }
}
