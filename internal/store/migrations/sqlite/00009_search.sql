-- +goose Up
-- The full-text index (internal/search). search_docs holds each indexed document's
-- structured fields, used as exact filters, and its text; search_fts is an FTS5 index
-- over that text with no copy of its own (external content), kept in step by the
-- triggers below. seq is the integer key FTS5 needs; id is the document's ID.
CREATE TABLE search_docs (
    seq              INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    organisation_id  TEXT NOT NULL,
    kind             TEXT NOT NULL,
    year             INTEGER NOT NULL,
    title            TEXT NOT NULL,
    body             TEXT NOT NULL
);
CREATE INDEX search_docs_organisation ON search_docs (organisation_id);
CREATE INDEX search_docs_kind_year ON search_docs (kind, year);

CREATE TABLE search_themes (
    doc_id  TEXT NOT NULL REFERENCES search_docs (id) ON DELETE CASCADE,
    theme   TEXT NOT NULL,
    PRIMARY KEY (doc_id, theme)
);
CREATE INDEX search_themes_theme ON search_themes (theme, doc_id);

-- porter over unicode61: English stemming (neglect, neglected, neglecting) after
-- Unicode case folding. remove_diacritics 0 keeps accents, as PostgreSQL's english
-- configuration does, so both engines match the same words.
CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body,
    content = 'search_docs', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 0'
);
-- Rank by BM25 with a word in the title worth ten in the body.
INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0)');

-- +goose StatementBegin
CREATE TRIGGER search_docs_insert AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_fts (rowid, title, body) VALUES (new.seq, new.title, new.body);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_docs_delete AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', old.seq, old.title, old.body);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_docs_update AFTER UPDATE OF title, body ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', old.seq, old.title, old.body);
    INSERT INTO search_fts (rowid, title, body) VALUES (new.seq, new.title, new.body);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER search_docs_update;
DROP TRIGGER search_docs_delete;
DROP TRIGGER search_docs_insert;
DROP TABLE search_fts;
DROP TABLE search_themes;
DROP TABLE search_docs;
