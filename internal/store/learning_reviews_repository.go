package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// repositoryMax bounds the reviews one repository query reads before paging.
// NOTE: overdue is worked out in Go from each review's dates and the service levels
// in force (the domain's Deadlines), so the filter and the count need every matching
// review; the national repository gains a few hundred reviews a year.
const repositoryMax = 20000

var _ scrutineer.RepositoryService = (*LearningReviews)(nil)

// Repository implements scrutineer.RepositoryService: every review that is no
// longer a draft matching f (its summary columns only, as lists show them), one page of scrutineer.RepositoryPageSize, sorted by
// referral date (newest first unless f.Oldest), each with its accepted themes and
// whether a deadline is overdue. Regulator staff who may view committee records
// (auth.ViewCommitteeRecord with no particular committee); others get ENOTFOUND.
func (s *LearningReviews) Repository(ctx context.Context, f scrutineer.RepositoryFilter) (*scrutineer.RepositoryPage, error) {
	if err := auth.Authorise(ctx, auth.ViewCommitteeRecord, auth.Resource{}); err != nil {
		return nil, err
	}
	page := &scrutineer.RepositoryPage{Page: max(f.Page, 1)}
	if f.TextSearch && len(f.TextIDs) == 0 {
		return page, nil
	}
	where, args, err := repositoryWhere(f, s.db.inJSON)
	if err != nil {
		return nil, err
	}
	order := "DESC"
	if f.Oldest {
		order = "ASC"
	}
	// Without the overdue filter, the database counts and pages; overdue depends on
	// the service levels and today, so that filter reads every match and pages here.
	limit, offset := repositoryMax, 0
	if !f.Overdue {
		// NOTE: the join only when a filter needs the committee's kind: counting
		// 5,000 reviews took 1.6 ms with a lookup each, 0.3 ms without.
		from := `learning_reviews r`
		if f.CommitteeKind != "" {
			from += ` JOIN organisations o ON o.id = r.committee_id`
		}
		if err := s.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+from+` WHERE `+where, args...).Scan(&page.Total); err != nil {
			return nil, fmt.Errorf("repository count: %w", err)
		}
		limit, offset = scrutineer.RepositoryPageSize, (page.Page-1)*scrutineer.RepositoryPageSize
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT `+summaryColumns+`, o.name, o.kind FROM learning_reviews r JOIN organisations o ON o.id = r.committee_id
		WHERE `+where+` ORDER BY r.referral_on `+order+`, r.id `+order+fmt.Sprintf(` LIMIT %d OFFSET %d`, limit, offset), args...)
	if err != nil {
		return nil, fmt.Errorf("repository: %w", err)
	}
	list, err := collect(rows, func(rs scanner) (scrutineer.RepositoryRow, error) {
		var row scrutineer.RepositoryRow
		var kind string
		r, err := scanSummary(rs, &row.CommitteeName, &kind)
		row.Review, row.CommitteeKind = r, scrutineer.OrganisationKind(kind)
		return row, err
	})
	if err != nil {
		return nil, fmt.Errorf("repository: %w", err)
	}
	days, err := serviceLevels(ctx, s.db.read)
	if err != nil {
		return nil, err
	}
	today := scrutineer.Today(s.db.Now())
	var kept []scrutineer.RepositoryRow
	for _, row := range list {
		if mayViewReview(ctx, row.Review) != nil {
			continue // NOTE: the policy per record too, as List does
		}
		for _, d := range row.Review.Deadlines(days, today) {
			row.Overdue = row.Overdue || (d.Overdue && d.MetOn == "")
		}
		if !f.Overdue || row.Overdue {
			kept = append(kept, row)
		}
	}
	if !f.Overdue {
		page.Rows = kept
		return page, s.withThemes(ctx, page.Rows)
	}
	page.Total = len(kept)
	from := (page.Page - 1) * scrutineer.RepositoryPageSize
	if from < len(kept) {
		page.Rows = kept[from:min(from+scrutineer.RepositoryPageSize, len(kept))]
	}
	return page, s.withThemes(ctx, page.Rows)
}

// repositoryWhere builds the conditions of f on learning_reviews r.
func repositoryWhere(f scrutineer.RepositoryFilter, inJSON func(int) string) (string, []any, error) {
	conds, args := []string{"r.status <> $1"}, []any{string(scrutineer.ReviewDraft)}
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, fmt.Sprintf(cond, len(args)))
	}
	if f.CommitteeID != "" {
		add("r.committee_id = $%d", f.CommitteeID)
	}
	if f.CommitteeKind != "" {
		add("o.kind = $%d", string(f.CommitteeKind))
	}
	if f.SubjectType != "" {
		add("r.subject_type = $%d", f.SubjectType)
	}
	if f.Year != 0 {
		add("r.referral_on LIKE $%d", fmt.Sprintf("%04d-%%", f.Year))
	}
	if f.Decision != "" {
		add("r.decision = $%d", f.Decision)
	}
	if f.Status != "" {
		add("r.status = $%d", f.Status)
	}
	if f.Theme != "" {
		add("EXISTS (SELECT 1 FROM review_themes t WHERE t.review_id = r.id AND t.status = 'accepted' AND t.code = $%d)", f.Theme)
	}
	if f.TextSearch {
		ids, err := json.Marshal(f.TextIDs)
		if err != nil {
			return "", nil, err
		}
		args = append(args, string(ids))
		in := inJSON(len(args))
		// A hit is a review indexed under its own id, or a document of a review.
		conds = append(conds, "(r.id IN "+in+" OR r.id IN (SELECT d.owner_id FROM documents d WHERE d.owner_type = 'learning_review' AND d.id IN "+in+"))")
	}
	return strings.Join(conds, " AND "), args, nil
}

// withThemes fills the accepted themes of rows.
func (s *LearningReviews) withThemes(ctx context.Context, rows []scrutineer.RepositoryRow) error {
	if len(rows) == 0 {
		return nil
	}
	var ph []string
	args := []any{}
	at := map[string]int{}
	for i, row := range rows {
		args = append(args, row.Review.ID)
		ph = append(ph, fmt.Sprintf("$%d", len(args)))
		at[row.Review.ID] = i
	}
	rs, err := s.db.read.QueryContext(ctx, `SELECT review_id, code FROM review_themes WHERE status = 'accepted' AND review_id IN (`+strings.Join(ph, ", ")+`) ORDER BY code`, args...)
	if err != nil {
		return fmt.Errorf("repository themes: %w", err)
	}
	pairs, err := collect(rs, func(sc scanner) ([2]string, error) {
		var p [2]string
		return p, sc.Scan(&p[0], &p[1])
	})
	for _, p := range pairs {
		rows[at[p[0]]].Themes = append(rows[at[p[0]]].Themes, p[1])
	}
	return err
}
