-- Endpoint health per owner: a run of failures disables an endpoint only for the owner whose
-- deliveries failed, so nobody can disable a victim's URL for everyone by registering it with a
-- wrong secret. Rows kept per URL alone cannot be attributed to an owner; they are dropped, and
-- each owner's run of failures starts again. Re-runnable on a table adopted from the shared layout
-- (V0), where it ran before: it resets the counters again and rebuilds the same key.
DELETE FROM webhook_endpoints;
ALTER TABLE webhook_endpoints DROP CONSTRAINT IF EXISTS webhook_endpoints_pkey;
ALTER TABLE webhook_endpoints ADD COLUMN IF NOT EXISTS owner TEXT NOT NULL;
ALTER TABLE webhook_endpoints ADD PRIMARY KEY (owner, url);
