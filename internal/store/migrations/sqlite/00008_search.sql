-- +goose Up
-- The full-text index (internal/search). search_docs holds each indexed document's
-- structured fields, used as exact filters; search_text its title and text; search_fts
-- is an FTS5 index over search_text with no copy of its own (external content), kept
-- in step by the triggers below. seq is the integer key FTS5 needs; id is the
-- document's ID.
--
-- NOTE: the text has a table of its own so that search_docs stays narrow: counting
-- filtered matches looks up one search_docs row per match, and rows carrying ten
-- kilobytes of text each would spread those lookups over thousands of pages.
CREATE TABLE search_docs (
    seq              INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    organisation_id  TEXT NOT NULL,
    kind             TEXT NOT NULL,
    year             INTEGER NOT NULL
);
CREATE INDEX search_docs_organisation ON search_docs (organisation_id);
CREATE INDEX search_docs_kind_year ON search_docs (kind, year);

CREATE TABLE search_themes (
    doc_id  TEXT NOT NULL REFERENCES search_docs (id) ON DELETE CASCADE,
    theme   TEXT NOT NULL,
    PRIMARY KEY (doc_id, theme)
);
CREATE INDEX search_themes_theme ON search_themes (theme, doc_id);

CREATE TABLE search_text (
    seq    INTEGER PRIMARY KEY REFERENCES search_docs (seq) ON DELETE CASCADE,
    title  TEXT NOT NULL,
    body   TEXT NOT NULL
);

-- porter over unicode61: English stemming (neglect, neglected, neglecting) after
-- Unicode case folding. remove_diacritics 0 keeps accents, as PostgreSQL's english
-- configuration does, so both engines match the same words.
CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body,
    content = 'search_text', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 0'
);
-- Rank by BM25 with a word in the title worth ten in the body.
INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0)');

-- +goose StatementBegin
CREATE TRIGGER search_text_insert AFTER INSERT ON search_text BEGIN
    INSERT INTO search_fts (rowid, title, body) VALUES (new.seq, new.title, new.body);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_text_delete AFTER DELETE ON search_text BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', old.seq, old.title, old.body);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_text_update AFTER UPDATE OF title, body ON search_text BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', old.seq, old.title, old.body);
    INSERT INTO search_fts (rowid, title, body) VALUES (new.seq, new.title, new.body);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER search_text_update;
DROP TRIGGER search_text_delete;
DROP TRIGGER search_text_insert;
DROP TABLE search_fts;
DROP TABLE search_text;
DROP TABLE search_themes;
DROP TABLE search_docs;
