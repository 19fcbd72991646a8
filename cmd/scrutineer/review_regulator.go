package main

import (
	"context"
	"errors"
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
// notifications. It schedules its next run first, so a failed run never ends the
// chain (store.Jobs.ScheduleRun keeps one run per slot however many servers
// schedule it; the store sends each acknowledgement once however many run).
func (s *services) acknowledgeReviews(ctx context.Context, job *scrutineer.Job) error {
	if s.reviewRegulator == nil {
		return errors.New("the learning review stores are not wired")
	}
	if _, err := s.jobs.ScheduleRun(ctx, scrutineer.JobReviewAcknowledgements, time.Now().Add(acknowledgeEvery), acknowledgeEvery); err != nil {
		return err
	}
	_, err := s.reviewRegulator.Acknowledge(ctx)
	return err
}
