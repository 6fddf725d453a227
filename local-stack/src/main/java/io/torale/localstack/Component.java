package io.torale.localstack;

/**
 * One running piece of the local stack, for the readiness table of {@code ./torale up}.
 *
 * @param name e.g. {@code Kafka}
 * @param address where clients connect, e.g. {@code localhost:9092} or a URL
 */
public record Component(String name, String address) {}
