package io.torale.worker.finding;

/**
 * A field's value in one run's finding, already canonical ({@link Canonical#value}): ISO dates,
 * plain numbers, {@code true}/{@code false}, lower-case words. Null when the facts do not say.
 */
public record FieldValue(String name, FieldType type, String value) {}
