-- +goose Up
-- The organisation directory: local authorities, partnerships, committees, chief
-- officers groups, partner scrutiny bodies, health boards and the regulator itself.
-- Slugs are stable; every change writes a row to organisation_versions.
CREATE TABLE organisations (
    id          TEXT PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'active',
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- +goose Down
DROP TABLE organisations;
