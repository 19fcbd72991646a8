-- +goose Up
-- A committee's current work, read from indexes that grow with its open reviews
-- rather than with every review it has ever had (docs/benchmarks.md, "Main pages:
-- the tail, the engine floor and the large data set").
--
-- The committee dashboards read the reviews not yet closed, the drafts among them,
-- and the closed reviews a page at a time.
CREATE INDEX learning_reviews_in_progress ON learning_reviews (committee_id, created_at) WHERE status <> 'closed';
CREATE INDEX learning_reviews_committee_status ON learning_reviews (committee_id, status, created_at);
-- The dashboard's unread messages start from the ids of the committee's reviews
-- (without reading each review's row), then read only each one's unread messages.
CREATE INDEX learning_reviews_committee_ids ON learning_reviews (committee_id, id);
CREATE INDEX review_messages_unread_by_review ON review_messages (review_id, from_regulator, created_at) WHERE read_at IS NULL;

-- +goose Down
DROP INDEX review_messages_unread_by_review;
DROP INDEX learning_reviews_committee_ids;
DROP INDEX learning_reviews_committee_status;
DROP INDEX learning_reviews_in_progress;
