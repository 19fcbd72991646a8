-- +goose Up
-- The public publications site and the national overview report builder
-- (docs/decisions/0121-publications-and-report-builder.md). A publication is public
-- only while its status is 'published'; its files live encrypted in the blob store
-- like every other file, named by SHA-256. A report is assembled from sections in
-- order; publishing it freezes what it showed (snapshot, JSON of the suppressed
-- tables and the commentary) and makes it a publication.
CREATE TABLE publications (
    id               TEXT PRIMARY KEY,
    slug             TEXT NOT NULL UNIQUE,
    type             TEXT NOT NULL,
    title            TEXT NOT NULL,
    summary          TEXT NOT NULL,
    area_id          TEXT REFERENCES organisations(id),
    year             INTEGER NOT NULL,
    status           TEXT NOT NULL,
    published_on     TEXT NOT NULL DEFAULT '',
    withdrawn_on     TEXT NOT NULL DEFAULT '',
    withdrawn_reason TEXT NOT NULL DEFAULT '',
    report_id        TEXT NOT NULL DEFAULT '',
    created_by       TEXT NOT NULL REFERENCES users(id),
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX publications_public ON publications (status, published_on);

CREATE TABLE publication_files (
    id             TEXT PRIMARY KEY,
    publication_id TEXT NOT NULL REFERENCES publications(id),
    filename       TEXT NOT NULL,
    format         TEXT NOT NULL,
    size           BIGINT NOT NULL,
    sha256         TEXT NOT NULL,
    uploaded_by    TEXT NOT NULL REFERENCES users(id),
    uploaded_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX publication_files_publication ON publication_files (publication_id, uploaded_at);

CREATE TABLE reports (
    id             TEXT PRIMARY KEY,
    title          TEXT NOT NULL,
    period_from    TEXT NOT NULL,
    period_to      TEXT NOT NULL,
    status         TEXT NOT NULL,
    publication_id TEXT REFERENCES publications(id),
    snapshot       TEXT NOT NULL DEFAULT '',
    created_by     TEXT NOT NULL REFERENCES users(id),
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE report_sections (
    id        TEXT PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES reports(id),
    position  INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    heading   TEXT NOT NULL,
    body      TEXT NOT NULL DEFAULT '',
    table_key TEXT NOT NULL DEFAULT ''
);
CREATE INDEX report_sections_report ON report_sections (report_id, position);

-- +goose Down
DROP TABLE report_sections;
DROP TABLE reports;
DROP TABLE publication_files;
DROP TABLE publications;
