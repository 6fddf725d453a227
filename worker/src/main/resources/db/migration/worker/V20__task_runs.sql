-- One row per run of a task (worker). execution_id is the run's workflow id: the idempotency key
-- of everything the run writes. A failed run is recorded FAILED, never left pending.
CREATE TABLE IF NOT EXISTS task_runs (
    execution_id   TEXT        PRIMARY KEY,
    task_id        UUID        NOT NULL,
    status         TEXT        NOT NULL CHECK (status IN ('SUCCEEDED', 'SKIPPED', 'FAILED')),
    scheduled_at   TIMESTAMPTZ,
    started_at     TIMESTAMPTZ NOT NULL,
    finished_at    TIMESTAMPTZ NOT NULL,
    condition_met  BOOLEAN     NOT NULL DEFAULT false,
    changed        BOOLEAN     NOT NULL DEFAULT false,
    notified       BOOLEAN     NOT NULL DEFAULT false,
    answer         TEXT,
    error          TEXT
);

CREATE INDEX IF NOT EXISTS task_runs_task_idx ON task_runs (task_id, started_at DESC);
