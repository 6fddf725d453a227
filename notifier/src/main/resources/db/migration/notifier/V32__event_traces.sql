-- Notifier: the W3C traceparent of each ConditionMet event's intake, so every webhook attempt of
-- the event, made later by the dispatcher, continues the trace that led to it. One row per event
-- (its deliveries share it); the first intake wins, as for the deliveries themselves.
CREATE TABLE IF NOT EXISTS event_traces (
    event_id     TEXT PRIMARY KEY,
    traceparent  TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
