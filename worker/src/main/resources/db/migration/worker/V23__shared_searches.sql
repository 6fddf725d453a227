-- Shared grounded searches (worker): the latest search per query key (UTC date + normalised query),
-- reused by every task with that query while younger than torale.gemini.shared-search-window.
-- Rows of past days are never read again; the worker deletes rows older than a day as it writes.
CREATE TABLE IF NOT EXISTS shared_searches (
    query_key    TEXT PRIMARY KEY,
    evidence     TEXT NOT NULL,
    searched_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS shared_searches_searched_at ON shared_searches (searched_at);
