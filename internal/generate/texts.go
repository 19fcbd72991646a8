package generate

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"runtime"
	"sync"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/search/searchtest"
)

// textBatch is how many texts are indexed per transaction.
const textBatch = 100

type textsSource struct{}

func (textsSource) Name() string { return "report texts" }

// Generate indexes Size.Reports texts, each under a review's id so that a hit leads
// to /learning-reviews/{id}: first the report of every review with an outcome, then
// committee minutes and further reports of reviews past their decision, whose ids
// are the review's id, a slash and a number (ReviewOfText). A sample of reports is
// uploaded as real documents instead (documents.go).
func (textsSource) Generate(ctx context.Context, run *Run) error {
	if run.Config.Index == nil || run.Config.Size.Reports == 0 {
		return nil
	}
	specs := run.textSpecs()
	specs, err := run.uploadSample(ctx, specs)
	if err != nil {
		return err
	}
	gen := searchtest.New(run.Config.Seed)
	for start := 0; start < len(specs); start += textBatch {
		chunk := specs[start:min(start+textBatch, len(specs))]
		docs := make([]search.Doc, len(chunk))
		var wg sync.WaitGroup
		next := make(chan int, len(chunk))
		for k := range chunk {
			next <- k
		}
		close(next)
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				for k := range next {
					docs[k] = gen.Make(start+k, chunk[k])
				}
			})
		}
		wg.Wait()
		err := run.DB.WriteTx(ctx, func(tx *sql.Tx) error {
			for _, d := range docs {
				if err := run.Config.Index.Upsert(ctx, tx, d); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, d := range docs {
			run.Fingerprint("search", d.ID, d.OrganisationID, d.Kind, d.Year, d.Title, fmt.Sprintf("%x", sha256.Sum256([]byte(d.Text))))
		}
		run.Count("search", len(docs))
	}
	return nil
}

// ReviewOfText returns the id of the learning review a generated text belongs to:
// the text's id up to a slash.
func ReviewOfText(id string) string {
	for i := range len(id) {
		if id[i] == '/' {
			return id[:i]
		}
	}
	return id
}

// textSpecs plans the texts: reports first, then minutes and further reports round
// the reviews past their decision.
func (run *Run) textSpecs() []searchtest.Spec {
	n := run.Config.Size.Reports
	var out []searchtest.Spec
	var decided []*Review
	for _, rv := range run.Reviews {
		if rv.R.Status == scrutineer.ReviewDraft {
			continue
		}
		decided = append(decided, rv)
		if rv.R.OutcomeOn != "" && len(out) < n {
			out = append(out, rv.spec(rv.R.ID, search.KindLearningReviewReport, parse(rv.R.OutcomeOn).Year(), run.Config.Size.Words))
		}
	}
	for k := 0; len(out) < n && len(decided) > 0; k++ {
		rv := decided[k%len(decided)]
		kind := search.KindMinutes
		if k%3 == 2 {
			kind = search.KindLearningReviewReport
		}
		year := rv.R.UpdatedAt.Year() - k/len(decided)%2
		if first := parse(rv.R.ReferralOn).Year(); year < first {
			year = first
		}
		out = append(out, rv.spec(fmt.Sprintf("%s/%d", rv.R.ID, 1+k/len(decided)), kind, year, run.Config.Size.Words))
	}
	return out
}

// spec describes a text of the review.
func (rv *Review) spec(id, kind string, year, words int) searchtest.Spec {
	s := searchtest.Spec{ID: id, OrganisationID: rv.R.CommitteeID, Kind: kind, Year: year, Adult: rv.R.SubjectType == "adult",
		Subject: rv.Subject, IndexThemes: rv.AcceptedThemes(), Words: words}
	for _, t := range rv.Themes {
		if t.Status != scrutineer.ThemeRejected {
			s.Themes = append(s.Themes, textThemes[t.Code])
		}
	}
	return s
}
