-- command-consumer: every command id it has answered, for idempotency (a command id seen before is
-- DUPLICATE) and for re-sending the result after a crash between commit and publish. Written in
-- the same transaction as the task change the command made.
CREATE TABLE IF NOT EXISTS processed_commands (
    command_id       TEXT        PRIMARY KEY,
    task_id          TEXT        NOT NULL,
    command_type     TEXT        NOT NULL,
    outcome          TEXT        NOT NULL CHECK (outcome IN ('APPLIED', 'REJECTED')),
    -- [{"field": "...", "message": "..."}]
    reasons          JSONB       NOT NULL DEFAULT '[]',
    processed_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- false until the CommandResult is on torale.command-results.v1
    result_published BOOLEAN     NOT NULL DEFAULT false
);

CREATE INDEX IF NOT EXISTS processed_commands_task_idx ON processed_commands (task_id, processed_at);
