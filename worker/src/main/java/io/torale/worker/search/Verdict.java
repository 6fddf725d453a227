package io.torale.worker.search;

/** Gemini's structured judgement of a condition against evidence. */
public record Verdict(boolean conditionMet, String answer, String currentState) {}
