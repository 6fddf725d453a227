package io.torale.localstack;

/**
 * Stands in for a service jar in {@link ServiceProcessSecretsTest}: prints what it received in
 * {@code SPRING_APPLICATION_JSON} (as a service's Spring would read it), then waits to be stopped.
 */
public final class EchoPropertiesMain {

  private EchoPropertiesMain() {}

  public static void main(String[] args) throws InterruptedException {
    System.out.println("args=" + String.join(" ", args));
    System.out.println("json=" + System.getenv("SPRING_APPLICATION_JSON"));
    System.out.println("ready");
    System.out.flush();
    Thread.sleep(120_000);
  }
}
