package io.torale.platform.task;

/** The kinds of {@link TaskSource}, named as in the {@code tasks} table and the Avro schema. */
public enum SourceType {
  GROUNDED_SEARCH,
  WEB_PAGE
}
