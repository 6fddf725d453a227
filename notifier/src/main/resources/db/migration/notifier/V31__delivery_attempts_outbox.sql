-- Notifier: delivery_attempts is also the outbox of torale.notification-deliveries.v1. An attempt
-- is stored unpublished in the same statement that records its outcome; the notifier's relay
-- publishes unpublished rows in id order and marks them, so a Kafka outage delays the records
-- instead of losing them. Rows from before this migration were published directly: true for them.
ALTER TABLE delivery_attempts ADD COLUMN IF NOT EXISTS published BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE delivery_attempts ALTER COLUMN published SET DEFAULT false;

-- The relay's scan: only rows still to publish.
CREATE INDEX IF NOT EXISTS delivery_attempts_unpublished_idx ON delivery_attempts (id) WHERE NOT published;
