-- +goose Up
-- The secure document exchange (docs/decisions/0090-documents-exchange.md). A
-- document belongs to an organisation and to an owner record (a submission now, a
-- learning review later); each upload is a new row of document_versions, never an
-- update of the file. The files and their extracted text live encrypted in the blob
-- store, named by SHA-256; findings keep offsets only, so the database holds no
-- personal data found in the text.
CREATE TABLE documents (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    owner_type      TEXT NOT NULL,
    owner_id        TEXT NOT NULL,
    kind            TEXT NOT NULL,
    anonymised      BOOLEAN NOT NULL,
    title           TEXT NOT NULL,
    status          TEXT NOT NULL,
    created_by      TEXT NOT NULL REFERENCES users(id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    sent_by         TEXT REFERENCES users(id),
    sent_at         TEXT
);
CREATE INDEX documents_organisation ON documents (organisation_id, updated_at);
CREATE INDEX documents_sent ON documents (status, sent_at);
CREATE INDEX documents_owner ON documents (owner_type, owner_id);

CREATE TABLE document_versions (
    id                 TEXT PRIMARY KEY,
    document_id        TEXT NOT NULL REFERENCES documents(id),
    number             INTEGER NOT NULL,
    filename           TEXT NOT NULL,
    sha256             TEXT NOT NULL,
    size               INTEGER NOT NULL,
    format             TEXT NOT NULL,
    uploaded_by        TEXT NOT NULL REFERENCES users(id),
    uploaded_at        TEXT NOT NULL,
    extraction         TEXT NOT NULL,
    pages_done         INTEGER NOT NULL DEFAULT 0,
    pages_total        INTEGER NOT NULL DEFAULT 0,
    extraction_message TEXT NOT NULL DEFAULT '',
    text_sha256        TEXT NOT NULL DEFAULT '',
    check_status       TEXT NOT NULL,
    checked_at         TEXT,
    UNIQUE (document_id, number)
);
CREATE INDEX document_versions_sha ON document_versions (document_id, sha256);

CREATE TABLE document_findings (
    id               TEXT PRIMARY KEY,
    version_id       TEXT NOT NULL REFERENCES document_versions(id),
    seq              INTEGER NOT NULL,
    kind             TEXT NOT NULL,
    start_offset     INTEGER NOT NULL,
    end_offset       INTEGER NOT NULL,
    dismissed_reason TEXT NOT NULL DEFAULT '',
    dismissed_by     TEXT REFERENCES users(id),
    dismissed_at     TEXT,
    UNIQUE (version_id, seq)
);

-- +goose Down
DROP TABLE document_findings;
DROP TABLE document_versions;
DROP TABLE documents;
