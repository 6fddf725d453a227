-- command-consumer: results are now published in a Kafka transaction together with the consumed
-- offset. The command record a row was decided for (partition and offset on
-- torale.task-commands.v1) tells a redelivery of that record (its transaction was aborted: publish
-- the stored result again) from the same command id published again (answer DUPLICATE).
-- result_published stays for rows written before this migration.
ALTER TABLE processed_commands
    ADD COLUMN IF NOT EXISTS source_partition INTEGER,
    ADD COLUMN IF NOT EXISTS source_offset    BIGINT,
    -- For APPLIED: e.g. 'no change: the task is already paused'.
    ADD COLUMN IF NOT EXISTS detail           TEXT;
