package io.torale.worker.compare;

/**
 * The second decision of a run: is the finding new compared with the one at the last notification?
 *
 * @param changed the state's hash differs from the last notified one (true if never notified)
 * @param stateHash SHA-256 (hex) of the normalised state
 * @param previousState the state at the last notification, null if none
 */
public record Comparison(boolean changed, String stateHash, String previousState) {}
