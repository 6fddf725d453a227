package io.torale.worker.compare;

import io.torale.worker.finding.Canonical;
import io.torale.worker.search.Finding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The identity of a finding: SHA-256 of its canonical typed fields ({@link Canonical#key}), so
 * "Sept 9, 2026" and "2026-09-09" in a DATE field are the same finding; or, for findings without
 * fields (deterministic page matches), of its normalised state (trimmed, whitespace collapsed,
 * lower case). Two wordings that canonicalisation cannot equate are judged by the verdict call.
 */
public final class StateHash {

  private StateHash() {}

  public static String normalise(String state) {
    return state == null ? "" : state.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  public static String of(Finding finding) {
    return finding.fields().isEmpty() ? of(finding.state()) : of(Canonical.key(finding.fields()));
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
