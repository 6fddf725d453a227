package io.torale.cli;

/** A failure the user can fix; its message says what happened and what to do next. */
public class UserFacingException extends RuntimeException {

  public UserFacingException(String message) {
    super(message);
  }

  public UserFacingException(String message, Throwable cause) {
    super(message, cause);
  }
}
