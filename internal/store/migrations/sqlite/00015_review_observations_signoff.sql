-- +goose Up
-- Sign-off of observations (docs/decisions/0104-learning-review-regulator-work.md):
-- a manager returns submitted observations with a comment for the inspector, and the
-- time of submission orders the managers' queue.
ALTER TABLE review_observations ADD COLUMN return_comment TEXT NOT NULL DEFAULT '';
ALTER TABLE review_observations ADD COLUMN submitted_at TEXT;

-- +goose Down
ALTER TABLE review_observations DROP COLUMN submitted_at;
ALTER TABLE review_observations DROP COLUMN return_comment;
