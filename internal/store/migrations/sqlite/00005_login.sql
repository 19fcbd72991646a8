-- +goose Up
-- Signing in: throttle counters, two-factor credentials, half-done sign-ins and
-- single sign-on flows. Secrets are stored sealed (TOTP seeds, AES-256-GCM under the
-- service key) or hashed (recovery codes, cookie tokens); never in the clear.

-- One row per throttled key: "account:" and an HMAC of the typed email address (so
-- unknown addresses are throttled alike and no address is stored), or "address:" and
-- the client address (an IPv6 /64). Failures count within a window from the first.
CREATE TABLE login_attempts (
    key              TEXT PRIMARY KEY,
    failures         INTEGER NOT NULL DEFAULT 0,
    window_start     TEXT NOT NULL,
    next_allowed_at  TEXT NOT NULL,
    locked_until     TEXT,
    updated_at       TEXT NOT NULL
);
CREATE INDEX login_attempts_updated ON login_attempts (updated_at);

-- A confirmed TOTP secret. last_step is the period of the last code accepted: a code
-- of that period or an earlier one is refused (replay).
CREATE TABLE totp_credentials (
    user_id        TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    secret_sealed  TEXT NOT NULL,
    last_step      BIGINT NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL
);

-- A secret shown for set-up and not yet confirmed with a code.
CREATE TABLE totp_enrolments (
    user_id        TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    secret_sealed  TEXT NOT NULL,
    created_at     TEXT NOT NULL
);

-- Single-use recovery codes, stored as SHA-256 hashes of 80-bit random codes.
CREATE TABLE recovery_codes (
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    used_at    TEXT,
    PRIMARY KEY (user_id, code_hash)
);

-- A half-done sign-in, found by the hash of a cookie token. It never holds a password.
CREATE TABLE login_pending (
    token_hash  TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    stage       TEXT NOT NULL,
    method      TEXT NOT NULL,
    return_to   TEXT NOT NULL DEFAULT '',
    attempts    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
CREATE INDEX login_pending_expires ON login_pending (expires_at);
CREATE INDEX login_pending_user ON login_pending (user_id);

-- An OpenID Connect sign-in between the redirect to the provider and the return.
CREATE TABLE oidc_flows (
    token_hash  TEXT PRIMARY KEY,
    state       TEXT NOT NULL,
    nonce       TEXT NOT NULL,
    verifier    TEXT NOT NULL,
    return_to   TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
CREATE INDEX oidc_flows_expires ON oidc_flows (expires_at);

-- The fingerprint of the service key the sealed secrets were made with, so a process
-- started with another key refuses to start instead of failing every sign-in.
CREATE TABLE service_key (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    fingerprint  TEXT NOT NULL,
    created_at   TEXT NOT NULL
);

-- +goose Down
DROP TABLE service_key;
DROP TABLE oidc_flows;
DROP TABLE login_pending;
DROP TABLE recovery_codes;
DROP TABLE totp_enrolments;
DROP TABLE totp_credentials;
DROP TABLE login_attempts;
