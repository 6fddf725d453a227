-- What the worker remembers between runs of a task: when it last looked, and the finding it last
-- notified (the SHA-256 of the normalised state decides whether a new finding is new).
CREATE TABLE IF NOT EXISTS task_state (
    task_id                     UUID PRIMARY KEY,
    last_checked_at             TIMESTAMPTZ,
    last_notified_hash          TEXT,
    last_notified_state         TEXT,
    last_notified_at            TIMESTAMPTZ,
    last_notified_execution_id  TEXT
);
