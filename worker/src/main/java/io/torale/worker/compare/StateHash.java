package io.torale.worker.compare;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The identity of a finding: SHA-256 of its normalised state (trimmed, whitespace collapsed, lower
 * case), so "Sept 9" and " sept 9 " are the same finding. Semantic comparison (two wordings of one
 * fact) is not done: a reworded state counts as new.
 */
public final class StateHash {

  private StateHash() {}

  public static String normalise(String state) {
    return state == null ? "" : state.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  public static String of(String state) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(normalise(state).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
