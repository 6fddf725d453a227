package io.torale.schemas;

import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Avro 1.11.4 and later refuse to decode into generated classes of packages that are not trusted.
 * Every process that reads Torale's topics calls {@link #trust()} once before its first consumer
 * starts; the Spring services do it in their Kafka configuration.
 */
public final class TrustedPackages {

  private static final String PACKAGE_PREFIX = "io.torale.schemas.";

  private TrustedPackages() {}

  /** Trusts Torale's generated classes in addition to whatever the process already trusts. */
  public static synchronized void trust() {
    ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
    if (current instanceof ToraleSchemas) {
      return;
    }
    ClassSecurityValidator.setGlobal(new ToraleSchemas(current));
  }

  private record ToraleSchemas(ClassSecurityPredicate fallback) implements ClassSecurityPredicate {
    @Override
    public boolean isTrusted(Class<?> type) {
      return type.getName().startsWith(PACKAGE_PREFIX) || fallback.isTrusted(type);
    }
  }
}
