-- +goose Up
-- The full-text index (internal/search). search_docs holds each indexed document's
-- structured fields, used as exact filters, and its text; tsv is the text as an
-- english tsvector, title words weighted A and body words B, computed by PostgreSQL
-- on every insert and update so it cannot fall out of step.
CREATE TABLE search_docs (
    id               TEXT PRIMARY KEY,
    organisation_id  TEXT NOT NULL,
    kind             TEXT NOT NULL,
    year             INTEGER NOT NULL,
    title            TEXT NOT NULL,
    body             TEXT NOT NULL,
    tsv              tsvector GENERATED ALWAYS AS (
                         setweight(to_tsvector('english', title), 'A') ||
                         setweight(to_tsvector('english', body), 'B')) STORED
);
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);
CREATE INDEX search_docs_organisation ON search_docs (organisation_id);
CREATE INDEX search_docs_kind_year ON search_docs (kind, year);

CREATE TABLE search_themes (
    doc_id  TEXT NOT NULL REFERENCES search_docs (id) ON DELETE CASCADE,
    theme   TEXT NOT NULL,
    PRIMARY KEY (doc_id, theme)
);
CREATE INDEX search_themes_theme ON search_themes (theme, doc_id);

-- +goose Down
DROP TABLE search_themes;
DROP TABLE search_docs;
