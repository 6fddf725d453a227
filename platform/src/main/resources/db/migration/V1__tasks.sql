-- Monitoring tasks. command-consumer is the only writer of definitions; the worker reads them
-- and completes ONCE tasks. Migrations are shared by all services (Flyway, one history table).
-- Version ranges by owner, so parallel work does not collide: V1-V9 platform,
-- V10-V19 command-consumer, V20-V29 worker, V30-V39 notifier.
CREATE TABLE tasks (
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

CREATE INDEX tasks_owner_idx ON tasks (owner);
CREATE INDEX tasks_status_idx ON tasks (status);
