-- +goose Up
-- Accounts: invitations, password resets, account status and per-session ids.
-- Tokens of invitation and reset links are stored only as SHA-256 hashes, like
-- session tokens.

-- A session gets an id of its own so pages can name it without its token hash.
-- Sessions from before this migration take a slice of their hash.
ALTER TABLE sessions ADD COLUMN id TEXT NOT NULL DEFAULT '';
UPDATE sessions SET id = substr(token_hash, 1, 36);
-- Partial, so a session written without an id (by older code) cannot collide.
CREATE UNIQUE INDEX sessions_id ON sessions (id) WHERE id <> '';

-- Why and when an account was last deactivated or reactivated, and when its
-- password was last set (NULL: never, so the account is still invited).
ALTER TABLE users ADD COLUMN status_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN status_changed_at TEXT;
ALTER TABLE users ADD COLUMN password_changed_at TEXT;
UPDATE users SET password_changed_at = created_at WHERE password_hash <> '';

-- One row per invitation; resending replaces the token and the expiry, so only the
-- latest link works.
CREATE TABLE invitations (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash    TEXT NOT NULL UNIQUE,
    invited_by    TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    sent_at       TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    accepted_at   TEXT,
    withdrawn_at  TEXT
);
CREATE INDEX invitations_user ON invitations (user_id);
CREATE INDEX invitations_created ON invitations (created_at);

CREATE TABLE password_resets (
    token_hash  TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT
);
CREATE INDEX password_resets_user ON password_resets (user_id, created_at);

-- +goose Down
DROP TABLE password_resets;
DROP TABLE invitations;
ALTER TABLE users DROP COLUMN password_changed_at;
ALTER TABLE users DROP COLUMN status_changed_at;
ALTER TABLE users DROP COLUMN status_reason;
DROP INDEX sessions_id;
ALTER TABLE sessions DROP COLUMN id;
