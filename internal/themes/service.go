package themes

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/store"
)

// Blobs opens the extracted text of a document, kept encrypted in the blob store;
// *blob.Store implements it.
type Blobs interface {
	Open(ctx context.Context, sha256 string) (io.ReadCloser, error)
}

// SuggestEvery is how often the suggestions job looks for reviews to theme.
const SuggestEvery = 10 * time.Minute

// pendingBatch bounds the reviews one run of the job themes.
const pendingBatch = 50

// Service implements scrutineer.ThemeService: the store's vocabulary and coding,
// plus suggestions from the text and the search index entry of each review.
type Service struct {
	*store.Themes
	blobs Blobs
	index search.Index
	jobs  *store.Jobs
	log   *slog.Logger
	// MinCount is the number of keyword matches that suggests a theme.
	MinCount int
}

var _ scrutineer.ThemeService = (*Service)(nil)

// New returns the service. index may be nil (nothing is indexed).
func New(st *store.Themes, blobs Blobs, index search.Index, jobs *store.Jobs, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{Themes: st, blobs: blobs, index: index, jobs: jobs, log: log, MinCount: DefaultMinCount}
}

// SuggestThemes implements scrutineer.ThemeService: it reads the review's reports,
// learning points and recommendations, runs the keyword rules of the current
// vocabulary and saves the suggestions with their reasons (decided themes keep
// their decision), indexing the review's text under its own id in the same
// transaction. Regulator staff who code themes, or the service.
func (s *Service) SuggestThemes(ctx context.Context, reviewID string) ([]scrutineer.ReviewTheme, error) {
	src, texts, err := s.sources(ctx, reviewID)
	if err != nil {
		return nil, err
	}
	vocab, err := s.CurrentThemes(ctx)
	if err != nil {
		return nil, err
	}
	found := Suggest(vocab.Themes, texts, s.MinCount)
	sugg := make([]store.ThemeSuggestion, len(found))
	for i, f := range found {
		sugg[i] = store.ThemeSuggestion{Code: f.Code, Reason: f.Reason}
	}
	if err := s.SaveSuggestions(ctx, reviewID, vocab.Version, sugg, s.reindex(ctx, src, texts)); err != nil {
		return nil, err
	}
	return s.ReviewThemes(ctx, reviewID)
}

// DecideThemes implements scrutineer.ThemeService, updating the index's themes.
func (s *Service) DecideThemes(ctx context.Context, reviewID string, accept, reject []string) error {
	src, texts, err := s.sources(ctx, reviewID)
	if err != nil {
		return err
	}
	return s.Themes.DecideThemes(ctx, reviewID, accept, reject, s.reindex(ctx, src, texts))
}

// AddReviewTheme implements scrutineer.ThemeService, updating the index's themes.
func (s *Service) AddReviewTheme(ctx context.Context, reviewID, code string) error {
	src, texts, err := s.sources(ctx, reviewID)
	if err != nil {
		return err
	}
	return s.Themes.AddReviewTheme(ctx, reviewID, code, s.reindex(ctx, src, texts))
}

// sources reads the review's texts, named as a reason names them.
func (s *Service) sources(ctx context.Context, reviewID string) (*store.ThemeSources, []Source, error) {
	src, err := s.Sources(ctx, reviewID)
	if err != nil {
		return nil, nil, err
	}
	var out []Source
	for i, d := range src.Documents {
		text, err := s.readText(ctx, d.TextSHA256)
		if err != nil {
			return nil, nil, err
		}
		name := "the report"
		if len(src.Documents) > 1 {
			name = fmt.Sprintf("document %d", i+1)
		}
		out = append(out, Source{Name: name, Text: text})
	}
	for _, p := range src.LearningPoints {
		out = append(out, Source{Name: fmt.Sprintf("learning point %d", p.Position), Text: p.Body})
	}
	for _, r := range src.Recommendations {
		out = append(out, Source{Name: fmt.Sprintf("recommendation %d", r.Position), Text: r.Body})
	}
	return src, out, nil
}

func (s *Service) readText(ctx context.Context, sha string) (string, error) {
	if s.blobs == nil {
		return "", nil
	}
	rc, err := s.blobs.Open(ctx, sha)
	if err != nil {
		return "", fmt.Errorf("themes: open text: %w", err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, search.MaxTextBytes))
	return string(b), err
}

// reindex returns the index update run inside the transaction that changes the
// review's themes: the review's text under its own id (so that a hit links to the
// review page), with its accepted themes and the year of its referral. The review's
// documents' own entries, made when a document is sent, are removed so that the
// repository search finds each review once.
func (s *Service) reindex(ctx context.Context, src *store.ThemeSources, texts []Source) store.ReindexFunc {
	if s.index == nil {
		return nil
	}
	return func(tx *sql.Tx, r *scrutineer.LearningReview, accepted []string) error {
		var b strings.Builder
		for _, t := range texts {
			b.WriteString(t.Text)
			b.WriteString("\n\n")
		}
		if strings.TrimSpace(b.String()) == "" {
			return nil
		}
		for _, d := range src.Documents {
			if err := s.index.Delete(ctx, tx, d.ID); err != nil {
				return err
			}
		}
		year := 0
		if len(r.ReferralOn) >= 4 {
			fmt.Sscanf(r.ReferralOn[:4], "%d", &year)
		}
		short := r.ID
		if len(short) > 8 {
			short = short[:8]
		}
		return s.index.Upsert(ctx, tx, search.Doc{ID: r.ID, OrganisationID: r.CommitteeID, Kind: search.KindLearningReviewReport,
			Year: year, Themes: accepted, Title: "Learning review " + short, Text: b.String()})
	}
}

// SuggestJob is the handler of scrutineer.JobSuggestThemes: it schedules its next
// run first (so a failure never ends the chain), then suggests themes for reviews
// whose outcome has been notified and that have none yet. A review that fails is
// logged by id and tried again next run.
func (s *Service) SuggestJob(ctx context.Context, job *scrutineer.Job) error {
	if _, err := s.jobs.ScheduleRun(ctx, scrutineer.JobSuggestThemes, time.Now().Add(SuggestEvery), SuggestEvery); err != nil {
		return err
	}
	ids, err := s.PendingSuggestions(ctx, pendingBatch)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := s.SuggestThemes(ctx, id); err != nil {
			s.log.Warn("theme suggestions failed", "review_id", id, "job_id", job.ID, "error", err.Error())
		}
	}
	return nil
}
