-- command-consumer: commands now arrive on several topics (torale.task-commands.v1 and one per
-- producer), so the record a row was decided for is named by topic, partition and offset. Rows
-- written before this column have no topic and compare on partition and offset alone.
ALTER TABLE processed_commands ADD COLUMN IF NOT EXISTS source_topic TEXT;
