package io.torale.localstack;

/** A component's port is taken by another process, so the component cannot start. */
public final class PortInUseException extends IllegalStateException {

  private final String component;
  private final int port;

  PortInUseException(String component, int port, String envVar) {
    super(
        component
            + " cannot start: port "
            + port
            + " is already in use. Stop the process listening there, or choose another port with "
            + envVar
            + "=<port>.");
    this.component = component;
    this.port = port;
  }

  public String component() {
    return component;
  }

  public int port() {
    return port;
  }
}
