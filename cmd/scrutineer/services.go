package main

import (
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/documents"
	"github.com/scrutineer/scrutineer/internal/jobs"
	"github.com/scrutineer/scrutineer/internal/publications"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/themes"
)

// services are the concrete implementations of the domain services, built once per
// process. Stores that enqueue jobs share the one jobs store so its enqueue hook wakes
// the worker pool at once.
type services struct {
	db            *store.DB
	users         *store.Users
	sessions      *store.Sessions
	organisations *store.Organisations
	jobs          *store.Jobs
	login         *store.Login
	pool          *jobs.Pool
	apiTokens     *store.APITokens
	audit         *store.Audit
	// search is the full-text index of the repository (internal/search).
	search search.Index
	// documents is the document exchange (documents.go), opened once the service
	// key is loaded; its job handler is registered here and delegates to it.
	documents *documents.Service
	// learningReviews keeps learning reviews.
	learningReviews *store.LearningReviews
	// reviewRegulator and reviewMessages are the regulator's work on reviews and
	// their threads (review_regulator.go: wireReviewWork).
	reviewRegulator *store.ReviewRegulator
	reviewMessages  *store.ReviewMessages
	// publications is the publications site and the report builder (publications.go).
	publications *publications.Service
	// themes codes reviews with themes and deadlines keeps the service levels and
	// reminders (themes.go), opened with the document exchange.
	themes    *themes.Service
	deadlines *store.ReviewDeadlines
}

func newServices(db *store.DB, log *slog.Logger, reg prometheus.Registerer, workers int, mailer *jobs.Mailer) (*services, error) {
	s := &services{
		db:            db,
		users:         store.NewUsers(db),
		sessions:      store.NewSessions(db),
		organisations: store.NewOrganisations(db),
		jobs:          store.NewJobs(db),
		apiTokens:     store.NewAPITokens(db),
		audit:         store.NewAudit(db),
		search:        search.New(db),

		learningReviews: store.NewLearningReviews(db),
	}
	metrics, err := jobs.NewMetrics(reg, s.jobs)
	if err != nil {
		return nil, err
	}
	s.pool = jobs.NewPool(s.jobs, log, workers, jobs.Handlers{
		scrutineer.JobSendEmail:              jobs.EmailHandler(s.jobs, mailer),
		scrutineer.JobExtractDocument:        s.extractDocument,
		scrutineer.JobReviewAcknowledgements: s.acknowledgeReviews, // review_regulator.go
		scrutineer.JobSuggestThemes:          s.suggestThemes,      // themes.go
		scrutineer.JobDeadlineReminders:      s.deadlineReminders,  // themes.go
	})
	s.pool.Metrics = metrics
	s.jobs.OnEnqueue(s.pool.Wake)
	return s, nil
}
