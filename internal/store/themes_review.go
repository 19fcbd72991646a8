package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// ThemeSuggestion is one theme the keyword rules suggest for a review, with why.
type ThemeSuggestion struct {
	Code   string
	Reason string
}

// ReindexFunc runs inside the transaction that changes a review's themes, with the
// review and its accepted themes afterwards: the search index update, so that the
// repository's theme filter and the index never disagree. nil does nothing.
type ReindexFunc func(tx *sql.Tx, r *scrutineer.LearningReview, accepted []string) error

// reviewRef reads the fields of a review that decide who may see and code it.
func reviewRef(ctx context.Context, q querier, id string, lock string) (*scrutineer.LearningReview, error) {
	r := &scrutineer.LearningReview{}
	var status string
	err := q.QueryRowContext(ctx, `SELECT id, committee_id, status, referral_on, decision FROM learning_reviews WHERE id = $1`+lock, id).
		Scan(&r.ID, &r.CommitteeID, &status, &r.ReferralOn, &r.Decision)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	if err != nil {
		return nil, fmt.Errorf("find learning review: %w", err)
	}
	r.Status = scrutineer.LearningReviewStatus(status)
	return r, nil
}

// mayCodeThemes authorises coding r's themes: regulator staff who code themes, on a
// review they may see (never a draft). Others get ENOTFOUND.
func mayCodeThemes(ctx context.Context, r *scrutineer.LearningReview) error {
	if auth.IsSystemContext(ctx) {
		return nil
	}
	if err := mayViewReview(ctx, r); err != nil {
		return err
	}
	if r.Status == scrutineer.ReviewDraft {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	return auth.Authorise(ctx, auth.CodeThemes, auth.Resource{OrganisationID: r.CommitteeID})
}

// ReviewThemes implements scrutineer.ThemeService: the themes of a review the caller
// may see, suggested ones first, then by code. Those who may not code themes
// (committee officers) see accepted themes only.
func (s *Themes) ReviewThemes(ctx context.Context, reviewID string) ([]scrutineer.ReviewTheme, error) {
	r, err := reviewRef(ctx, s.db.read, reviewID, "")
	if err != nil {
		return nil, err
	}
	if err := mayViewReview(ctx, r); err != nil {
		return nil, err
	}
	all, err := s.reviewThemes(ctx, s.db.read, reviewID)
	if err != nil || mayCodeThemes(ctx, r) == nil {
		return all, err
	}
	return slices.DeleteFunc(all, func(t scrutineer.ReviewTheme) bool { return t.Status != scrutineer.ThemeAccepted }), nil
}

func (s *Themes) reviewThemes(ctx context.Context, q querier, reviewID string) ([]scrutineer.ReviewTheme, error) {
	rows, err := q.QueryContext(ctx, `SELECT review_id, code, version, status, reason, COALESCE(decided_by, ''), decided_at FROM review_themes WHERE review_id = $1
		ORDER BY CASE status WHEN 'suggested' THEN 0 WHEN 'accepted' THEN 1 ELSE 2 END, code`, reviewID)
	if err != nil {
		return nil, fmt.Errorf("read review themes: %w", err)
	}
	out, err := collect(rows, func(rs scanner) (scrutineer.ReviewTheme, error) {
		var t scrutineer.ReviewTheme
		var status string
		var at Time
		err := rs.Scan(&t.ReviewID, &t.Code, &t.Version, &status, &t.Reason, &t.DecidedBy, &at)
		t.Status, t.DecidedAt = scrutineer.ReviewThemeStatus(status), at.Time
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("read review themes: %w", err)
	}
	return out, nil
}

// accepted returns the accepted codes among themes.
func accepted(themes []scrutineer.ReviewTheme) []string {
	var out []string
	for _, t := range themes {
		if t.Status == scrutineer.ThemeAccepted {
			out = append(out, t.Code)
		}
	}
	return out
}

// changeThemes runs fn on the locked review after authorising the caller, then the
// reindex with the accepted themes, then records the audit entry fn returns, in one
// transaction.
func (s *Themes) changeThemes(ctx context.Context, reviewID string, reindex ReindexFunc, fn func(tx *sql.Tx, r *scrutineer.LearningReview, themes []scrutineer.ReviewTheme) (action, detail string, err error)) error {
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		r, err := reviewRef(ctx, tx, reviewID, s.db.forUpdate())
		if err != nil {
			return err
		}
		if err := mayCodeThemes(ctx, r); err != nil {
			return err
		}
		before, err := s.reviewThemes(ctx, tx, reviewID)
		if err != nil {
			return err
		}
		action, detail, err := fn(tx, r, before)
		if err != nil {
			return err
		}
		after, err := s.reviewThemes(ctx, tx, reviewID)
		if err != nil {
			return err
		}
		if reindex != nil {
			if err := reindex(tx, r, accepted(after)); err != nil {
				return err
			}
		}
		return NewAudit(s.db).RecordTx(ctx, tx, &scrutineer.AuditEntry{
			Action: action, TargetType: "learning_review", TargetID: r.ID, OrganisationID: r.CommitteeID, Detail: detail,
		})
	})
}

// SaveSuggestions replaces the review's suggested themes with sugg (themes already
// accepted or rejected keep their decision), under vocabulary version. Audited as
// "review_themes.suggest" with the codes. Callers: regulator staff who code themes
// (auth.CodeThemes) or the service (the job).
func (s *Themes) SaveSuggestions(ctx context.Context, reviewID string, version int, sugg []ThemeSuggestion, reindex ReindexFunc) error {
	return s.changeThemes(ctx, reviewID, reindex, func(tx *sql.Tx, r *scrutineer.LearningReview, _ []scrutineer.ReviewTheme) (string, string, error) {
		if _, err := tx.ExecContext(ctx, `DELETE FROM review_themes WHERE review_id = $1 AND status = $2`, r.ID, string(scrutineer.ThemeSuggested)); err != nil {
			return "", "", fmt.Errorf("clear suggestions: %w", err)
		}
		var codes []string
		for _, sg := range sugg {
			res, err := tx.ExecContext(ctx, `INSERT INTO review_themes (review_id, code, version, status, reason) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (review_id, code) DO NOTHING`, r.ID, sg.Code, version, string(scrutineer.ThemeSuggested), sg.Reason)
			if err != nil {
				return "", "", fmt.Errorf("save suggestion: %w", err)
			}
			if n, _ := res.RowsAffected(); n > 0 {
				codes = append(codes, sg.Code)
			}
		}
		detail := "No theme suggested."
		if len(codes) > 0 {
			detail = fmt.Sprintf("%d themes suggested: %s.", len(codes), strings.Join(codes, ", "))
		}
		return "review_themes.suggest", detail, nil
	})
}

// DecideThemes implements the store side of scrutineer.ThemeService.DecideThemes:
// accept and reject themes already on the review. Audited as "review_themes.decide".
// EINVALID when nothing is chosen or a code is not on the review.
func (s *Themes) DecideThemes(ctx context.Context, reviewID string, accept, reject []string, reindex ReindexFunc) error {
	return s.changeThemes(ctx, reviewID, reindex, func(tx *sql.Tx, r *scrutineer.LearningReview, themes []scrutineer.ReviewTheme) (string, string, error) {
		if len(accept)+len(reject) == 0 {
			return "", "", invalidTheme("Choose a theme to accept or reject.")
		}
		u := scrutineer.UserFromContext(ctx)
		by := ""
		if u != nil {
			by = u.ID
		}
		for status, codes := range map[scrutineer.ReviewThemeStatus][]string{scrutineer.ThemeAccepted: accept, scrutineer.ThemeRejected: reject} {
			for _, c := range codes {
				if !slices.ContainsFunc(themes, func(t scrutineer.ReviewTheme) bool { return t.Code == c }) {
					return "", "", invalidTheme("Choose themes from the list on this review.")
				}
				if _, err := tx.ExecContext(ctx, `UPDATE review_themes SET status = $1, decided_by = NULLIF($2, ''), decided_at = $3 WHERE review_id = $4 AND code = $5`,
					string(status), by, Time{s.db.Now()}, r.ID, c); err != nil {
					return "", "", fmt.Errorf("decide theme: %w", err)
				}
			}
		}
		return "review_themes.decide", "Accepted: " + orNone(accept) + ". Rejected: " + orNone(reject) + ".", nil
	})
}

// AddReviewTheme adds code, a theme of the current vocabulary, to the review as
// accepted (or accepts it when already suggested or rejected). Audited as
// "review_themes.add". EINVALID for a code not in the current vocabulary.
func (s *Themes) AddReviewTheme(ctx context.Context, reviewID, code string, reindex ReindexFunc) error {
	return s.changeThemes(ctx, reviewID, reindex, func(tx *sql.Tx, r *scrutineer.LearningReview, _ []scrutineer.ReviewTheme) (string, string, error) {
		cur, err := s.current(ctx, tx)
		if err != nil {
			return "", "", err
		}
		if cur.Find(code) == nil {
			return "", "", invalidTheme("Choose a theme from the list.")
		}
		by := ""
		if u := scrutineer.UserFromContext(ctx); u != nil {
			by = u.ID
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO review_themes (review_id, code, version, status, reason, decided_by, decided_at) VALUES ($1, $2, $3, $4, '', NULLIF($5, ''), $6)
			ON CONFLICT (review_id, code) DO UPDATE SET status = excluded.status, decided_by = excluded.decided_by, decided_at = excluded.decided_at`,
			r.ID, code, cur.Version, string(scrutineer.ThemeAccepted), by, Time{s.db.Now()}); err != nil {
			return "", "", fmt.Errorf("add theme: %w", err)
		}
		return "review_themes.add", "Added: " + code + ".", nil
	})
}

func invalidTheme(msg string) error {
	var p scrutineer.Problems
	p.Add("theme", msg)
	return p.Err(msg)
}

func orNone(codes []string) string {
	if len(codes) == 0 {
		return "none"
	}
	return strings.Join(codes, ", ")
}
