package io.torale.localstack;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link LocalStack} per test JVM, started before the first test class that uses it, shared by
 * all of them, and stopped when JUnit finishes (or, failing that, by the stack's shutdown hook).
 *
 * <p>Use {@code @ExtendWith(LocalStackExtension.class)}; then a {@link LocalStack} parameter is
 * injected, {@link #stack()} returns it, and each of {@link LocalStack#springProperties()} is a
 * system property, so a {@code @SpringBootTest} connects to the stack without further set-up. The
 * stack uses free ports and a temporary data directory ({@link LocalStackConfig#forTests()}).
 */
public final class LocalStackExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalStackExtension.class);

  private static LocalStack shared;

  /** The shared stack, started now if no test has started it yet. */
  public static synchronized LocalStack stack() {
    if (shared == null || shared.isClosed()) {
      shared = LocalStack.start(LocalStackConfig.forTests());
      shared.springProperties().forEach(System::setProperty);
    }
    return shared;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    // The root store outlives every test class and closes its AutoCloseable values at the end.
    context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(LocalStack.class, key -> stack(), LocalStack.class);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(LocalStack.class, key -> stack(), LocalStack.class);
  }
}
