package io.torale.worker.finding;

/** The types a finding's field may have; each has its own canonical form ({@link Canonical}). */
public enum FieldType {
  STRING,
  NUMBER,
  DATE,
  BOOLEAN,
  ENUM
}
