package io.torale.commandconsumer.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards {@code /admin/*}: without {@code Authorization: Bearer <token>}, a 401 with an empty body
 * and nothing else. Health endpoints stay open for probes. The services' internal API ({@code
 * /internal/*}) has its own token ({@code taskapi.TaskApiSecurity}).
 */
@Configuration(proxyBeanMethods = false)
class AdminSecurity {

  @Bean
  FilterRegistrationBean<BearerTokenFilter> adminTokenFilter(AdminProperties properties) {
    var registration =
        new FilterRegistrationBean<>(new BearerTokenFilter(AdminToken.from(properties)));
    registration.addUrlPatterns("/admin/*");
    registration.setOrder(Integer.MIN_VALUE + 10);
    return registration;
  }

  static final class BearerTokenFilter extends OncePerRequestFilter {

    private final AdminToken token;

    BearerTokenFilter(AdminToken token) {
      this.token = token;
    }

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      if (token.accepts(request.getHeader(HttpHeaders.AUTHORIZATION))) {
        chain.doFilter(request, response);
        return;
      }
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
      response.setContentLength(0);
    }
  }
}
