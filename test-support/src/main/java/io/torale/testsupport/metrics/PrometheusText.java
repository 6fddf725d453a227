package io.torale.testsupport.metrics;

/** Reads samples out of a Prometheus text scrape ({@code /actuator/prometheus}). */
public final class PrometheusText {

  private PrometheusText() {}

  /**
   * The sum of the samples whose line starts with {@code prefix} (a metric name and the start of
   * its labels), 0 when there is none.
   */
  public static double sum(String scrape, String prefix) {
    return scrape
        .lines()
        .filter(line -> line.startsWith(prefix))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }
}
