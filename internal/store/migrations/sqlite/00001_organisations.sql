-- +goose Up
-- The organisation directory: local authorities, partnerships, committees, chief
-- officers groups, partner scrutiny bodies, health boards and the regulator itself.
-- Slugs are stable; every change writes a full snapshot to organisation_versions.
CREATE TABLE organisations (
    id              TEXT PRIMARY KEY,
    slug            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'merged', 'closed')),
    parent_id       TEXT REFERENCES organisations(id),
    merged_into_id  TEXT REFERENCES organisations(id),
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX organisations_kind ON organisations (kind, name);
CREATE INDEX organisations_parent ON organisations (parent_id);

-- The local authority areas an organisation covers.
CREATE TABLE organisation_areas (
    organisation_id  TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    area_id          TEXT NOT NULL REFERENCES organisations(id),
    PRIMARY KEY (organisation_id, area_id)
);
CREATE INDEX organisation_areas_area ON organisation_areas (area_id);

-- One row per version of an organisation. References are by slug because slugs never
-- change, so a snapshot reads the same however the directory changes later.
-- changed_by_id names a user but has no foreign key: history outlives accounts.
CREATE TABLE organisation_versions (
    organisation_id   TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    version           INTEGER NOT NULL,
    slug              TEXT NOT NULL,
    name              TEXT NOT NULL,
    kind              TEXT NOT NULL,
    status            TEXT NOT NULL,
    parent_slug       TEXT NOT NULL DEFAULT '',
    merged_into_slug  TEXT NOT NULL DEFAULT '',
    area_slugs        TEXT NOT NULL DEFAULT '',
    changed_at        TEXT NOT NULL,
    changed_by_id     TEXT,
    changed_by        TEXT NOT NULL,
    reason            TEXT NOT NULL,
    PRIMARY KEY (organisation_id, version)
);

-- +goose Down
DROP TABLE organisation_versions;
DROP TABLE organisation_areas;
DROP TABLE organisations;
