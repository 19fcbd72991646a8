-- +goose Up
-- The outbox. A job is written in the same transaction as the change that causes it
-- and run later by a worker pool. SQLite claims jobs through its single writer
-- connection; locked_until and worker_id make the lease the same on both engines.
-- payload and last_error never hold personal data: an email job points at its row in
-- emails, where the message itself is kept for the outbox page.
CREATE TABLE jobs (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    payload       TEXT NOT NULL DEFAULT '{}',
    status        TEXT NOT NULL DEFAULT 'queued'
                  CHECK (status IN ('queued', 'running', 'done', 'failed')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    max_attempts  INTEGER NOT NULL DEFAULT 8,
    run_after     TEXT NOT NULL,
    locked_until  TEXT,
    worker_id     TEXT NOT NULL DEFAULT '',
    last_error    TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    finished_at   TEXT
);
CREATE INDEX jobs_due ON jobs (status, run_after);
CREATE INDEX jobs_lease ON jobs (status, locked_until);
CREATE INDEX jobs_created ON jobs (created_at);

CREATE TABLE emails (
    id          TEXT PRIMARY KEY,
    job_id      TEXT,
    recipient   TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body_text   TEXT NOT NULL,
    body_html   TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'sent', 'kept')),
    created_at  TEXT NOT NULL,
    sent_at     TEXT
);
CREATE INDEX emails_created ON emails (created_at);
CREATE INDEX emails_job ON emails (job_id);

-- +goose Down
DROP TABLE emails;
DROP TABLE jobs;
