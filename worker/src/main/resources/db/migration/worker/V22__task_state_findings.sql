-- Typed findings (worker): the task's finding schema, designed by its first run's verdict call and
-- kept for every later run, and the canonical fields of the last notified finding, which the next
-- verdict call compares in meaning. last_notified_hash is now the SHA-256 of those canonical
-- fields (or of the watched text, for deterministic page matches).
ALTER TABLE task_state ADD COLUMN IF NOT EXISTS finding_schema TEXT;
ALTER TABLE task_state ADD COLUMN IF NOT EXISTS last_notified_fields TEXT;
