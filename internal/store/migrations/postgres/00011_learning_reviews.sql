-- +goose Up
-- Learning reviews, from a committee's draft to its decision
-- (docs/decisions/0100-learning-reviews-core.md). Coded fields hold the contract's
-- vocabulary values; calendar dates are YYYY-MM-DD text on both engines ('' when not
-- yet given), so they compare and sort as dates. No column holds a name.
CREATE TABLE learning_reviews (
    id           TEXT PRIMARY KEY,
    committee_id TEXT NOT NULL REFERENCES organisations(id),
    status       TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    age_band     TEXT NOT NULL DEFAULT '',
    sex          TEXT NOT NULL DEFAULT '',
    event_type   TEXT NOT NULL DEFAULT '',
    incident_on  TEXT NOT NULL DEFAULT '',
    referral_on  TEXT NOT NULL DEFAULT '',
    decision     TEXT NOT NULL DEFAULT '',
    decided_on   TEXT NOT NULL DEFAULT '',
    reasons      TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL REFERENCES users(id),
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    version      INTEGER NOT NULL
);
CREATE INDEX learning_reviews_committee ON learning_reviews (committee_id, created_at);
CREATE INDEX learning_reviews_status ON learning_reviews (status, created_at);

-- Every change of a review's status, for its history.
CREATE TABLE learning_review_events (
    id          TEXT PRIMARY KEY,
    review_id   TEXT NOT NULL REFERENCES learning_reviews(id),
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    actor_id    TEXT REFERENCES users(id),
    at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX learning_review_events_review ON learning_review_events (review_id, at);

-- +goose Down
DROP TABLE learning_review_events;
DROP TABLE learning_reviews;
