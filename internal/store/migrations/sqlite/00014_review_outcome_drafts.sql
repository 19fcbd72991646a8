-- +goose Up
-- The outcome journey's answers so far, one draft per review, kept between the
-- journey's pages until the outcome is notified (docs/decisions/0103-learning-review-outcome.md).
-- answers is the JSON of scrutineer.ReviewOutcomeInput. Nothing here is notified: the
-- outcome's records are written to learning_points, review_recommendations and
-- review_actions only when the outcome is notified, and the draft is then deleted.
CREATE TABLE review_outcome_drafts (
    review_id  TEXT PRIMARY KEY REFERENCES learning_reviews(id),
    answers    TEXT NOT NULL,
    updated_by TEXT NOT NULL REFERENCES users(id),
    updated_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE review_outcome_drafts;
