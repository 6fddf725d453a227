package io.torale.platform.task;

/** A deterministic judgement of a page's text: no model involved. */
public record TextMatch(MatchType type, String pattern) {}
