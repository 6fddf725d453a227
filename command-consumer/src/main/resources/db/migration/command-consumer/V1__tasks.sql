-- Monitoring tasks, owned by command-consumer: it writes them, and serves what the worker and the
-- notifier need through its task API (/internal/tasks). Like every table of this service it lives
-- in the service's own schema (spring.flyway.default-schema), with its own Flyway history there.
CREATE TABLE IF NOT EXISTS tasks (
    id               UUID PRIMARY KEY,
    name             TEXT        NOT NULL,
    search_query     TEXT,
    condition        TEXT,
    cron             TEXT        NOT NULL,
    time_zone        TEXT        NOT NULL DEFAULT 'UTC',
    notify_behavior  TEXT        NOT NULL DEFAULT 'ONCE',
    source_type      TEXT        NOT NULL DEFAULT 'GROUNDED_SEARCH',
    source_url       TEXT,
    css_selector     TEXT,
    match_type       TEXT,
    match_pattern    TEXT,
    emails           JSONB       NOT NULL DEFAULT '[]',
    -- [{"url": "...", "secret": "whsec_..."}]: secrets stay in the database, never on a topic.
    webhooks         JSONB       NOT NULL DEFAULT '[]',
    owner            TEXT        NOT NULL,
    context          JSONB       NOT NULL DEFAULT '{}',
    status           TEXT        NOT NULL DEFAULT 'ACTIVE'
                     CHECK (status IN ('ACTIVE', 'PAUSED', 'COMPLETED', 'DELETED')),
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS tasks_owner_idx ON tasks (owner);
CREATE INDEX IF NOT EXISTS tasks_status_idx ON tasks (status);
