package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// ThemeSources is what the theme suggestions and the search index read about one
// review: its report documents (their extracted text is kept encrypted in the blob
// store under TextSHA256), learning points and recommendations.
type ThemeSources struct {
	Review          *scrutineer.LearningReview // id, committee, status, referral date, decision
	Documents       []SourceDocument
	LearningPoints  []scrutineer.LearningPoint
	Recommendations []scrutineer.Recommendation
}

// SourceDocument is one report of a review whose text may be read.
type SourceDocument struct {
	ID, Title, TextSHA256 string
}

// reportKinds are the document kinds that carry a review's learning: the report,
// and for alternative approaches the minutes or a learning summary.
var reportKinds = []string{string(scrutineer.DocReport), string(scrutineer.DocLearningSummary), string(scrutineer.DocMinutes)}

// Sources returns the sources of a review's themes. Only documents whose latest
// version has been read and has no unresolved personal-data finding are listed.
// Callers: regulator staff who code themes (auth.CodeThemes), or the service.
func (s *Themes) Sources(ctx context.Context, reviewID string) (*ThemeSources, error) {
	r, err := reviewRef(ctx, s.db.read, reviewID, "")
	if err != nil {
		return nil, err
	}
	if err := mayCodeThemes(ctx, r); err != nil {
		return nil, err
	}
	out := &ThemeSources{Review: r}
	rows, err := s.db.read.QueryContext(ctx, `SELECT d.id, d.title, v.text_sha256 FROM documents d
		JOIN document_versions v ON v.document_id = d.id AND v.number = (SELECT MAX(number) FROM document_versions WHERE document_id = d.id)
		WHERE d.owner_type = $1 AND d.owner_id = $2 AND d.kind IN ($3, $4, $5) AND v.text_sha256 <> ''
		AND NOT EXISTS (SELECT 1 FROM document_findings f WHERE f.version_id = v.id AND f.dismissed_at IS NULL)
		ORDER BY d.created_at, d.id`, scrutineer.OwnerLearningReview, r.ID, reportKinds[0], reportKinds[1], reportKinds[2])
	if err != nil {
		return nil, fmt.Errorf("theme sources: %w", err)
	}
	if out.Documents, err = collect(rows, func(rs scanner) (SourceDocument, error) {
		var d SourceDocument
		return d, rs.Scan(&d.ID, &d.Title, &d.TextSHA256)
	}); err != nil {
		return nil, fmt.Errorf("theme sources: %w", err)
	}
	rows, err = s.db.read.QueryContext(ctx, `SELECT id, position, body, themes FROM learning_points WHERE review_id = $1 ORDER BY position`, r.ID)
	if err != nil {
		return nil, fmt.Errorf("learning points: %w", err)
	}
	if out.LearningPoints, err = collect(rows, func(rs scanner) (scrutineer.LearningPoint, error) {
		p := scrutineer.LearningPoint{ReviewID: r.ID}
		var themes string
		err := rs.Scan(&p.ID, &p.Position, &p.Body, &themes)
		p.Themes = splitCodes(themes)
		return p, err
	}); err != nil {
		return nil, fmt.Errorf("learning points: %w", err)
	}
	out.Recommendations, err = s.recommendations(ctx, r.ID)
	return out, err
}

func (s *Themes) recommendations(ctx context.Context, reviewID string) ([]scrutineer.Recommendation, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT id, position, body, agency, themes FROM review_recommendations WHERE review_id = $1 ORDER BY position`, reviewID)
	if err != nil {
		return nil, fmt.Errorf("recommendations: %w", err)
	}
	out, err := collect(rows, func(rs scanner) (scrutineer.Recommendation, error) {
		rec := scrutineer.Recommendation{ReviewID: reviewID}
		var themes string
		err := rs.Scan(&rec.ID, &rec.Position, &rec.Body, &rec.Agency, &themes)
		rec.Themes = splitCodes(themes)
		return rec, err
	})
	if err != nil {
		return nil, fmt.Errorf("recommendations: %w", err)
	}
	return out, nil
}

// ReviewRecommendations implements scrutineer.ThemeService: the review's
// recommendations with their theme codes, for anyone who may see the review.
func (s *Themes) ReviewRecommendations(ctx context.Context, reviewID string) ([]scrutineer.Recommendation, error) {
	r, err := reviewRef(ctx, s.db.read, reviewID, "")
	if err != nil {
		return nil, err
	}
	if err := mayViewReview(ctx, r); err != nil {
		return nil, err
	}
	return s.recommendations(ctx, r.ID)
}

// SetRecommendationThemes implements scrutineer.ThemeService: it replaces the theme
// codes of one recommendation of the review. Codes must be in the current
// vocabulary, or already on the recommendation (a retired code may stay). Audited
// as "review_recommendation.themes". Regulator staff who code themes. ENOTFOUND for
// a recommendation not of this review; EINVALID for an unknown code.
func (s *Themes) SetRecommendationThemes(ctx context.Context, reviewID, recID string, codes []string) error {
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		r, err := reviewRef(ctx, tx, reviewID, s.db.forUpdate())
		if err != nil {
			return err
		}
		if err := mayCodeThemes(ctx, r); err != nil {
			return err
		}
		var position int
		var had string
		err = tx.QueryRowContext(ctx, `SELECT position, themes FROM review_recommendations WHERE id = $1 AND review_id = $2`, recID, r.ID).Scan(&position, &had)
		if err == sql.ErrNoRows {
			return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
		}
		if err != nil {
			return fmt.Errorf("find recommendation: %w", err)
		}
		cur, err := s.current(ctx, tx)
		if err != nil {
			return err
		}
		var set []string
		for _, c := range codes {
			if cur.Find(c) == nil && !slices.Contains(splitCodes(had), c) {
				return invalidTheme("Choose themes from the list.")
			}
			if !slices.Contains(set, c) {
				set = append(set, c)
			}
		}
		slices.Sort(set)
		if _, err := tx.ExecContext(ctx, `UPDATE review_recommendations SET themes = $1 WHERE id = $2`, joinCodes(set), recID); err != nil {
			return fmt.Errorf("set recommendation themes: %w", err)
		}
		return NewAudit(s.db).RecordTx(ctx, tx, &scrutineer.AuditEntry{
			Action: "review_recommendation.themes", TargetType: "learning_review", TargetID: r.ID, OrganisationID: r.CommitteeID,
			Detail: fmt.Sprintf("Recommendation %d themes: %s.", position, orNone(set)),
		})
	})
}

// PendingSuggestions returns the ids of reviews whose outcome has been notified and
// that have no theme at all yet, oldest outcome first, at most limit. A review the
// rules have already been run on (its "review_themes.suggest" entry in the audit
// trail) is left out even when nothing was found, so that reviews without a keyword
// do not hold up the others run after run. Callers: the service (the job).
func (s *Themes) PendingSuggestions(ctx context.Context, limit int) ([]string, error) {
	if err := auth.Authorise(ctx, auth.ManageJobs, auth.Resource{}); err != nil {
		return nil, err
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT r.id FROM learning_reviews r WHERE r.status = $1
		AND NOT EXISTS (SELECT 1 FROM review_themes t WHERE t.review_id = r.id)
		AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.target_type = 'learning_review' AND a.target_id = r.id AND a.action = 'review_themes.suggest')
		ORDER BY r.outcome_on, r.id LIMIT $2`,
		string(scrutineer.ReviewOutcomeNotified), limit)
	if err != nil {
		return nil, fmt.Errorf("pending suggestions: %w", err)
	}
	return collect(rows, func(rs scanner) (string, error) {
		var id string
		return id, rs.Scan(&id)
	})
}
