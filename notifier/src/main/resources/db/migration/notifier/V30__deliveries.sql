-- Notifier: one row per (event, channel, target). The primary key is derived from those three,
-- so a redelivered or republished ConditionMet inserts nothing new ("on conflict do nothing").
-- The dispatcher claims due rows with FOR UPDATE SKIP LOCKED and pushes next_attempt_at ahead by
-- a lease while it works on them, so a crashed instance's work becomes due again by itself.
CREATE TABLE IF NOT EXISTS deliveries (
    delivery_id      TEXT PRIMARY KEY,
    event_id         TEXT        NOT NULL,
    task_id          TEXT        NOT NULL,
    owner            TEXT        NOT NULL,
    channel          TEXT        NOT NULL CHECK (channel IN ('EMAIL', 'WEBHOOK')),
    -- The real address or URL, needed to deliver; never leaves the database unredacted.
    target           TEXT        NOT NULL,
    target_redacted  TEXT        NOT NULL,
    status           TEXT        NOT NULL
                     CHECK (status IN ('PENDING', 'RETRY_SCHEDULED', 'DELIVERED', 'FAILED',
                                       'SUPPRESSED', 'REFUSED')),
    attempts         INT         NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error       TEXT,
    http_status      INT,
    -- The event's content needed to render or sign the message again; no secrets.
    payload          JSONB       NOT NULL,
    -- Set when an email first counts against the rate limits; kept even if it finally fails.
    quota_at         TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The dispatcher's scan: only rows still to be attempted.
CREATE INDEX IF NOT EXISTS deliveries_due_idx ON deliveries (next_attempt_at)
    WHERE status IN ('PENDING', 'RETRY_SCHEDULED');
CREATE INDEX IF NOT EXISTS deliveries_event_idx ON deliveries (event_id);
CREATE INDEX IF NOT EXISTS deliveries_quota_target_idx ON deliveries (channel, target, quota_at)
    WHERE quota_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS deliveries_quota_owner_idx ON deliveries (channel, owner, quota_at)
    WHERE quota_at IS NOT NULL;

-- Every attempt's outcome, as published on torale.notification-deliveries.v1.
CREATE TABLE IF NOT EXISTS delivery_attempts (
    id               BIGSERIAL PRIMARY KEY,
    delivery_id      TEXT        NOT NULL REFERENCES deliveries (delivery_id),
    attempt          INT         NOT NULL,
    status           TEXT        NOT NULL,
    http_status      INT,
    error            TEXT,
    attempted_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    next_attempt_at  TIMESTAMPTZ
);

CREATE INDEX IF NOT EXISTS delivery_attempts_delivery_idx ON delivery_attempts (delivery_id);

-- Health of each webhook URL: a run of failures (or a 410) disables it.
CREATE TABLE IF NOT EXISTS webhook_endpoints (
    url                   TEXT PRIMARY KEY,
    consecutive_failures  INT         NOT NULL DEFAULT 0,
    disabled_at           TIMESTAMPTZ,
    disabled_reason       TEXT,
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now()
);
