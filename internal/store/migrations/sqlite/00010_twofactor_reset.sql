-- +goose Up
-- When an administrator last reset the account's two-factor authentication, and
-- why. The reason is kept on the account, like the deactivation reason, and not in
-- the audit trail, because it may describe the person (a lost or stolen phone).
ALTER TABLE users ADD COLUMN twofactor_reset_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN twofactor_reset_at TEXT;

-- +goose Down
ALTER TABLE users DROP COLUMN twofactor_reset_at;
ALTER TABLE users DROP COLUMN twofactor_reset_reason;
