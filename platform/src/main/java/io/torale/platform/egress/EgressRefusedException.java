package io.torale.platform.egress;

import java.net.UnknownHostException;

/**
 * A host that resolves to an address Torale must not connect to. It is an {@link
 * UnknownHostException} so an HTTP client's resolver can throw it and no connection is made.
 */
public final class EgressRefusedException extends UnknownHostException {

  EgressRefusedException(String message) {
    super(message);
  }
}
