package io.torale.localstack;

import org.slf4j.LoggerFactory;

/** Quiets the components' chatty loggers when logback is the slf4j backend. */
final class Logs {

  private static final String[] NOISY = {
    "org.apache.kafka", "kafka", "state.change.logger", "org.flywaydb", "io.zonky", "com.icegreen"
  };

  private Logs() {}

  static void quietComponents() {
    setLevels("WARN", NOISY);
  }

  /**
   * For {@code LocalStackMain}: INFO overall unless a logback configuration file says otherwise.
   */
  static void infoByDefault() {
    if (System.getProperty("logback.configurationFile") == null
        && Logs.class.getClassLoader().getResource("logback.xml") == null
        && Logs.class.getClassLoader().getResource("logback-test.xml") == null) {
      setLevels("INFO", org.slf4j.Logger.ROOT_LOGGER_NAME);
      setLevels("WARN", "io.grpc", "io.netty", "io.temporal");
    }
  }

  private static void setLevels(String level, String... names) {
    try {
      Class.forName("ch.qos.logback.classic.LoggerContext", false, Logs.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return;
    }
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
      for (String name : names) {
        context.getLogger(name).setLevel(ch.qos.logback.classic.Level.toLevel(level));
      }
    }
  }
}
