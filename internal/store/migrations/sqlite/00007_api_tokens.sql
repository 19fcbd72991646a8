-- +goose Up
-- API tokens for /api/v1. Only the SHA-256 of the secret is kept, so a copy of the
-- database does not hand out working tokens; hint is the secret's last four
-- characters, to tell tokens apart on the token page. last_used_at is written at most
-- once a minute; last_refused_at limits audit entries for a refused token the same way.
CREATE TABLE api_tokens (
    id               TEXT PRIMARY KEY,
    token_hash       TEXT NOT NULL UNIQUE,
    user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    label            TEXT NOT NULL,
    hint             TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    last_used_at     TEXT,
    expires_at       TEXT,
    revoked_at       TEXT,
    last_refused_at  TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at);

-- +goose Down
DROP TABLE api_tokens;
