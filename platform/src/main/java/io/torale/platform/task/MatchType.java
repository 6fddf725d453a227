package io.torale.platform.task;

/** How a {@link TextMatch} reads its pattern. */
public enum MatchType {
  /** The text contains the pattern literally (case-sensitive). */
  CONTAINS,
  /** The text does not contain the pattern literally. */
  NOT_CONTAINS,
  /** A Java regular expression is found in the text. */
  REGEX
}
