-- Adopts this service's tables from the shared layout of earlier releases, where every service's
-- tables sat in the public schema under one Flyway history: each table still there moves into this
-- service's schema with its rows, indexes and sequences. On a new database there is nothing to
-- move. The migrations after this one create only what is missing (IF NOT EXISTS), so on adopted
-- tables they change nothing. Stop all three services before the first start of this release.
DO $$
DECLARE
    t TEXT;
BEGIN
    IF '${flyway:defaultSchema}' = 'public' THEN
        RETURN;
    END IF;
    FOREACH t IN ARRAY ARRAY['task_runs', 'task_state', 'shared_searches'] LOOP
        IF to_regclass(format('public.%I', t)) IS NOT NULL
           AND to_regclass(format('%I.%I', '${flyway:defaultSchema}', t)) IS NULL THEN
            EXECUTE format('ALTER TABLE public.%I SET SCHEMA %I', t, '${flyway:defaultSchema}');
        END IF;
    END LOOP;
END $$;
