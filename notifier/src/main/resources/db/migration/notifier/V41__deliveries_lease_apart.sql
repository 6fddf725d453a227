-- Notifier: fewer and smaller row versions per delivery.
-- * A claim's lease is its own column, in no index, so claiming (and giving back) a delivery is a
--   HOT update: no new index entries. next_attempt_at is only the due time of the next attempt.
-- * fillfactor leaves room on each page for those HOT versions.
-- * The payload (about a kilobyte of JSON, written once) is kept out of line: every later version of
--   the row (claim, outcome) carries an 18-byte pointer to it instead of a copy. EXTERNAL: not
--   compressed, so writing and reading it costs no CPU for compression.
-- Rows written before this migration keep their layout until they are next written.
ALTER TABLE deliveries ADD COLUMN IF NOT EXISTS leased_until TIMESTAMPTZ;
ALTER TABLE deliveries SET (fillfactor = 80, toast_tuple_target = 128);
ALTER TABLE deliveries ALTER COLUMN payload SET STORAGE EXTERNAL;
