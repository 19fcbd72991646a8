-- +goose Up
-- A committee's or an inspector's unread messages, found from their own reviews
-- rather than by reading every unread message in the country: the dashboard's
-- counts (docs/benchmarks.md, "Main pages against the same template"). Partial, so
-- it holds only what is still unread.
CREATE INDEX review_messages_unread_by_review ON review_messages (review_id, from_regulator, created_at) WHERE read_at IS NULL;

-- +goose Down
DROP INDEX review_messages_unread_by_review;
