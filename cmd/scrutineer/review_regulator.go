package main

import (
	"context"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/config"
	"github.com/scrutineer/scrutineer/internal/store"
)

// acknowledgeEvery is how often new review notifications are acknowledged to
// their committee.
const acknowledgeEvery = 5 * time.Minute

// wireReviewWork builds the stores of the regulator's work on learning reviews and
// of their messages, whose emails link to the service's public address.
func (s *services) wireReviewWork(cfg *config.Config) {
	s.reviewRegulator = store.NewReviewRegulator(s.db, s.jobs, cfg.PublicURL())
	s.reviewMessages = store.NewReviewMessages(s.db, s.jobs, cfg.PublicURL())
}

// acknowledgeReviews is the job that acknowledges new decision and outcome
// notifications; it queues its own next run, so one chain of runs goes on for as
// long as any server runs (the store sends each acknowledgement once however many
// chains there are).
func (s *services) acknowledgeReviews(ctx context.Context, job *scrutineer.Job) error {
	if s.reviewRegulator == nil {
		return scrutineer.Errorf(scrutineer.EINTERNAL, "the learning review stores are not wired")
	}
	if _, err := s.reviewRegulator.Acknowledge(ctx); err != nil {
		return err
	}
	return s.reviewRegulator.ScheduleAcknowledgements(ctx, acknowledgeEvery)
}

// startReviewJobs queues the first acknowledgement run at start, once the jobs
// table exists.
func (s *services) startReviewJobs(ctx context.Context) error {
	if s.reviewRegulator == nil {
		return nil
	}
	return s.reviewRegulator.ScheduleAcknowledgements(ctx, 0)
}
