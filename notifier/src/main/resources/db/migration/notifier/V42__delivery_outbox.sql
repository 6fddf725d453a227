-- Notifier: the outbox of torale.notification-deliveries.v1 is a narrow table of markers, one per
-- attempt row still to publish, inserted in the statement that stores the attempt and deleted once
-- Kafka acknowledged its record. An attempt row is written once and never updated (it used to be
-- updated to published = true, a new version of the row and of its index entries each time).
CREATE TABLE IF NOT EXISTS delivery_outbox (
    -- No foreign key: checking it would lock the attempt row, a write for every marker.
    attempt_id  BIGINT      PRIMARY KEY,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO delivery_outbox (attempt_id)
SELECT id FROM delivery_attempts WHERE NOT published
ON CONFLICT DO NOTHING;
-- The column stays for rows written before; new rows are published when they have no marker.
UPDATE delivery_attempts SET published = true WHERE NOT published;
ALTER TABLE delivery_attempts ALTER COLUMN published SET DEFAULT true;
DROP INDEX IF EXISTS delivery_attempts_unpublished_idx;
