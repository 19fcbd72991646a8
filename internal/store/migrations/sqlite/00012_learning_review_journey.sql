-- +goose Up
-- Learning reviews, the whole journey (docs/decisions/0101-learning-review-journey.md):
-- the notification's coded characteristics, the outcome, interim updates, learning
-- points, recommendations, the action plan, messages, the regulator's triage,
-- appraisal and observations, theme coding with a versioned vocabulary, service
-- levels and the reminders sent. Dates are YYYY-MM-DD text ('' when not given); lists
-- of codes are comma-separated text. No column is meant to hold a name: free text is
-- run through the personal-data check before it is saved.
ALTER TABLE learning_reviews ADD COLUMN disability TEXT NOT NULL DEFAULT '';
ALTER TABLE learning_reviews ADD COLUMN ethnicity TEXT NOT NULL DEFAULT '';
ALTER TABLE learning_reviews ADD COLUMN legal_status TEXT NOT NULL DEFAULT '';
ALTER TABLE learning_reviews ADD COLUMN protection_status TEXT NOT NULL DEFAULT '';
ALTER TABLE learning_reviews ADD COLUMN harm_nature TEXT NOT NULL DEFAULT '';
ALTER TABLE learning_reviews ADD COLUMN criteria_set TEXT NOT NULL DEFAULT '';
ALTER TABLE learning_reviews ADD COLUMN criteria TEXT NOT NULL DEFAULT '';
ALTER TABLE learning_reviews ADD COLUMN info_requested_on TEXT NOT NULL DEFAULT '';
ALTER TABLE learning_reviews ADD COLUMN info_returned_on TEXT NOT NULL DEFAULT '';
ALTER TABLE learning_reviews ADD COLUMN parallel_processes TEXT NOT NULL DEFAULT '';
ALTER TABLE learning_reviews ADD COLUMN planned_method TEXT NOT NULL DEFAULT '';
ALTER TABLE learning_reviews ADD COLUMN notified_on TEXT NOT NULL DEFAULT '';
ALTER TABLE learning_reviews ADD COLUMN expected_completion_on TEXT NOT NULL DEFAULT '';
ALTER TABLE learning_reviews ADD COLUMN paused_for TEXT NOT NULL DEFAULT '';
ALTER TABLE learning_reviews ADD COLUMN completed_on TEXT NOT NULL DEFAULT '';
ALTER TABLE learning_reviews ADD COLUMN ratified_on TEXT NOT NULL DEFAULT '';
ALTER TABLE learning_reviews ADD COLUMN outcome_on TEXT NOT NULL DEFAULT '';
ALTER TABLE learning_reviews ADD COLUMN methodology TEXT NOT NULL DEFAULT '';
ALTER TABLE learning_reviews ADD COLUMN family_involvement TEXT NOT NULL DEFAULT '';
ALTER TABLE learning_reviews ADD COLUMN staff_involvement TEXT NOT NULL DEFAULT '';
ALTER TABLE learning_reviews ADD COLUMN delay_reasons TEXT NOT NULL DEFAULT '';
ALTER TABLE learning_reviews ADD COLUMN publication TEXT NOT NULL DEFAULT '';
ALTER TABLE learning_reviews ADD COLUMN closed_on TEXT NOT NULL DEFAULT '';
ALTER TABLE learning_reviews ADD COLUMN assignee_id TEXT REFERENCES users(id);
ALTER TABLE learning_reviews ADD COLUMN acknowledged_at TEXT;
CREATE INDEX learning_reviews_referral ON learning_reviews (referral_on);
CREATE INDEX learning_reviews_assignee ON learning_reviews (assignee_id, status);

-- Links between reviews of the same committee or others (domain: "linked reviews").
CREATE TABLE learning_review_links (
    review_id        TEXT NOT NULL REFERENCES learning_reviews(id),
    linked_review_id TEXT NOT NULL REFERENCES learning_reviews(id),
    PRIMARY KEY (review_id, linked_review_id)
);

-- Interim updates while a full review is in progress.
CREATE TABLE learning_review_updates (
    id                     TEXT PRIMARY KEY,
    review_id              TEXT NOT NULL REFERENCES learning_reviews(id),
    review_team            TEXT NOT NULL DEFAULT '',
    expected_completion_on TEXT NOT NULL DEFAULT '',
    paused_for             TEXT NOT NULL DEFAULT '',
    delay_reasons          TEXT NOT NULL DEFAULT '',
    created_by             TEXT NOT NULL REFERENCES users(id),
    created_at             TEXT NOT NULL
);
CREATE INDEX learning_review_updates_review ON learning_review_updates (review_id, created_at);

-- Learning points and recommendations of an outcome: each its own record with theme
-- codes (comma-separated, of the vocabulary version in force) and, for
-- recommendations, the responsible agency.
CREATE TABLE learning_points (
    id        TEXT PRIMARY KEY,
    review_id TEXT NOT NULL REFERENCES learning_reviews(id),
    position  INTEGER NOT NULL,
    body      TEXT NOT NULL,
    themes    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX learning_points_review ON learning_points (review_id, position);

CREATE TABLE review_recommendations (
    id        TEXT PRIMARY KEY,
    review_id TEXT NOT NULL REFERENCES learning_reviews(id),
    position  INTEGER NOT NULL,
    body      TEXT NOT NULL,
    agency    TEXT NOT NULL,
    themes    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX review_recommendations_review ON review_recommendations (review_id, position);

-- The action plan: the committee updates status later.
CREATE TABLE review_actions (
    id                TEXT PRIMARY KEY,
    review_id         TEXT NOT NULL REFERENCES learning_reviews(id),
    recommendation_id TEXT REFERENCES review_recommendations(id),
    position          INTEGER NOT NULL,
    action            TEXT NOT NULL,
    owner             TEXT NOT NULL,
    due_on            TEXT NOT NULL,
    status            TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    version           INTEGER NOT NULL
);
CREATE INDEX review_actions_review ON review_actions (review_id, position);

-- One thread of messages per review between the committee and the regulator.
CREATE TABLE review_messages (
    id             TEXT PRIMARY KEY,
    review_id      TEXT NOT NULL REFERENCES learning_reviews(id),
    author_id      TEXT NOT NULL REFERENCES users(id),
    from_regulator BOOLEAN NOT NULL,
    body           TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    read_at        TEXT
);
CREATE INDEX review_messages_review ON review_messages (review_id, created_at);
CREATE INDEX review_messages_unread ON review_messages (from_regulator, read_at);

-- The theme vocabulary, versioned: a version is a whole list; codes keep their
-- meaning across versions, retired codes are absent from later versions.
CREATE TABLE theme_vocabulary (
    version     INTEGER NOT NULL,
    code        TEXT NOT NULL,
    label       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    keywords    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (version, code)
);

-- Themes of a review: suggested (with why), accepted or rejected by an analyst.
CREATE TABLE review_themes (
    review_id   TEXT NOT NULL REFERENCES learning_reviews(id),
    code        TEXT NOT NULL,
    version     INTEGER NOT NULL,
    status      TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    decided_by  TEXT REFERENCES users(id),
    decided_at  TEXT,
    PRIMARY KEY (review_id, code)
);
CREATE INDEX review_themes_code ON review_themes (code, status);

-- The appraisal checklist items (configurable) and an appraisal's ratings.
CREATE TABLE appraisal_criteria (
    code     TEXT PRIMARY KEY,
    label    TEXT NOT NULL,
    guidance TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL,
    active   BOOLEAN NOT NULL
);

CREATE TABLE review_appraisal_ratings (
    review_id  TEXT NOT NULL REFERENCES learning_reviews(id),
    criterion  TEXT NOT NULL REFERENCES appraisal_criteria(code),
    rating     TEXT NOT NULL,
    comment    TEXT NOT NULL DEFAULT '',
    rated_by   TEXT NOT NULL REFERENCES users(id),
    rated_at   TEXT NOT NULL,
    PRIMARY KEY (review_id, criterion)
);

-- Observations on a full review: drafted by the inspector, approved by a manager,
-- issued as a letter to the chief officers group and the committee.
CREATE TABLE review_observations (
    review_id   TEXT PRIMARY KEY REFERENCES learning_reviews(id),
    body        TEXT NOT NULL,
    status      TEXT NOT NULL,
    drafted_by  TEXT NOT NULL REFERENCES users(id),
    approved_by TEXT REFERENCES users(id),
    issued_at   TEXT,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL
);

-- Service levels the regulator sets: days allowed from one event to the next.
CREATE TABLE review_service_levels (
    code       TEXT PRIMARY KEY,
    days       INTEGER NOT NULL,
    updated_by TEXT REFERENCES users(id),
    updated_at TEXT NOT NULL
);

-- Reminders sent, one row per review, deadline and kind, so none is sent twice
-- (also across two servers).
CREATE TABLE review_reminders (
    review_id TEXT NOT NULL REFERENCES learning_reviews(id),
    deadline  TEXT NOT NULL,
    kind      TEXT NOT NULL,
    sent_at   TEXT NOT NULL,
    PRIMARY KEY (review_id, deadline, kind)
);

-- +goose Down
DROP TABLE review_reminders;
DROP TABLE review_service_levels;
DROP TABLE review_observations;
DROP TABLE review_appraisal_ratings;
DROP TABLE appraisal_criteria;
DROP TABLE review_themes;
DROP TABLE theme_vocabulary;
DROP TABLE review_messages;
DROP TABLE review_actions;
DROP TABLE review_recommendations;
DROP TABLE learning_points;
DROP TABLE learning_review_updates;
DROP TABLE learning_review_links;
DROP INDEX learning_reviews_assignee;
DROP INDEX learning_reviews_referral;
ALTER TABLE learning_reviews DROP COLUMN acknowledged_at;
ALTER TABLE learning_reviews DROP COLUMN assignee_id;
ALTER TABLE learning_reviews DROP COLUMN closed_on;
ALTER TABLE learning_reviews DROP COLUMN publication;
ALTER TABLE learning_reviews DROP COLUMN delay_reasons;
ALTER TABLE learning_reviews DROP COLUMN staff_involvement;
ALTER TABLE learning_reviews DROP COLUMN family_involvement;
ALTER TABLE learning_reviews DROP COLUMN methodology;
ALTER TABLE learning_reviews DROP COLUMN outcome_on;
ALTER TABLE learning_reviews DROP COLUMN ratified_on;
ALTER TABLE learning_reviews DROP COLUMN completed_on;
ALTER TABLE learning_reviews DROP COLUMN paused_for;
ALTER TABLE learning_reviews DROP COLUMN expected_completion_on;
ALTER TABLE learning_reviews DROP COLUMN notified_on;
ALTER TABLE learning_reviews DROP COLUMN planned_method;
ALTER TABLE learning_reviews DROP COLUMN parallel_processes;
ALTER TABLE learning_reviews DROP COLUMN info_returned_on;
ALTER TABLE learning_reviews DROP COLUMN info_requested_on;
ALTER TABLE learning_reviews DROP COLUMN criteria;
ALTER TABLE learning_reviews DROP COLUMN criteria_set;
ALTER TABLE learning_reviews DROP COLUMN harm_nature;
ALTER TABLE learning_reviews DROP COLUMN protection_status;
ALTER TABLE learning_reviews DROP COLUMN legal_status;
ALTER TABLE learning_reviews DROP COLUMN ethnicity;
ALTER TABLE learning_reviews DROP COLUMN disability;
