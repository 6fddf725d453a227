package io.torale.commandconsumer.validation;

/**
 * Why a command cannot be applied, for one field.
 *
 * @param field path of the offending field, e.g. {@code command.schedule.cron}; {@code task} for
 *     the task as a whole
 * @param message human-readable reason
 */
public record Rejection(String field, String message) {}
