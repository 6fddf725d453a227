package io.torale.notifier.webhook;

import java.net.UnknownHostException;

/**
 * A webhook host that resolves to an address we must not connect to. It is an {@link
 * UnknownHostException} so the HTTP client's resolver can throw it, and no connection is made.
 */
class EgressRefusedException extends UnknownHostException {

  EgressRefusedException(String message) {
    super(message);
  }
}
