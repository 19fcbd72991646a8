package main

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/config"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/themes"
)

// remindEvery is how often the deadline reminders job runs. Reminders are about
// days, so an hour is prompt enough and cheap.
const remindEvery = time.Hour

// openThemes builds theme coding (on the blob store holding the reports' extracted
// text, and the search index) and the deadlines store
// (docs/decisions/0105-themes-repository-deadlines.md).
func (s *services) openThemes(cfg *config.Config, blobs themes.Blobs, log *slog.Logger) {
	s.themes = themes.New(store.NewThemes(s.db), blobs, search.New(s.db), s.jobs, log)
	s.deadlines = store.NewReviewDeadlines(s.db, s.jobs, cfg.PublicURL())
}

// syncReviewSettings seeds version 1 of the theme vocabulary and the default
// service levels when missing, and schedules the first runs of the periodic jobs
// (one per slot whatever the number of servers: store.Jobs.ScheduleRun). It runs
// with the migrations, so "scrutineer migrate" starts the chains for a server that
// started with its schema behind.
func syncReviewSettings(ctx context.Context, db *store.DB) error {
	ctx = auth.SystemContext(ctx)
	if _, err := store.NewThemes(db).SeedThemes(ctx); err != nil {
		return err
	}
	if err := store.NewReviewDeadlines(db, nil, "").SeedServiceLevels(ctx); err != nil {
		return err
	}
	jobs := store.NewJobs(db)
	now := time.Now()
	if _, err := jobs.ScheduleRun(ctx, scrutineer.JobSuggestThemes, now, themes.SuggestEvery); err != nil {
		return err
	}
	if _, err := jobs.ScheduleRun(ctx, scrutineer.JobReviewAcknowledgements, now, acknowledgeEvery); err != nil {
		return err
	}
	_, err := jobs.ScheduleRun(ctx, scrutineer.JobDeadlineReminders, now, remindEvery)
	return err
}

// suggestThemes is the pool's handler of the suggestions job.
func (s *services) suggestThemes(ctx context.Context, job *scrutineer.Job) error {
	if s.themes == nil {
		return errors.New("theme coding is not open")
	}
	return s.themes.SuggestJob(ctx, job)
}

// deadlineReminders is the pool's handler of the reminders job: it schedules the
// next run first, so that a failed run never ends the chain.
func (s *services) deadlineReminders(ctx context.Context, job *scrutineer.Job) error {
	if s.deadlines == nil {
		return errors.New("deadlines are not open")
	}
	if _, err := s.jobs.ScheduleRun(ctx, scrutineer.JobDeadlineReminders, time.Now().Add(remindEvery), remindEvery); err != nil {
		return err
	}
	_, err := s.deadlines.SendReminders(ctx)
	return err
}
