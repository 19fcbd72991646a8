package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// ReviewDeadlines keeps the service levels the regulator sets
// (review_service_levels), sends the reminders of deadlines (review_reminders.go)
// and reports on timeliness. See docs/decisions/0105-themes-repository-deadlines.md.
type ReviewDeadlines struct {
	db      *DB
	jobs    *Jobs
	baseURL string
}

// NewReviewDeadlines returns the deadlines store. jobs is the outbox reminders are
// queued on; baseURL is the public address of the service, for links in emails.
func NewReviewDeadlines(db *DB, jobs *Jobs, baseURL string) *ReviewDeadlines {
	return &ReviewDeadlines{db: db, jobs: jobs, baseURL: strings.TrimRight(baseURL, "/")}
}

var _ scrutineer.DeadlineService = (*ReviewDeadlines)(nil)

// SeedServiceLevels records the default days of every service level not yet set.
// Safe at every start and from two servers at once. Callers: the service.
func (s *ReviewDeadlines) SeedServiceLevels(ctx context.Context) error {
	if err := auth.Authorise(ctx, auth.ManageReviewSettings, auth.Resource{}); err != nil {
		return err
	}
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		for _, l := range scrutineer.DefaultServiceLevels {
			if _, err := tx.ExecContext(ctx, `INSERT INTO review_service_levels (code, days, updated_at) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING`,
				l.Code, l.Days, Time{s.db.Now()}); err != nil {
				return fmt.Errorf("seed service level: %w", err)
			}
		}
		return nil
	})
}

// ServiceLevels implements scrutineer.DeadlineService.
func (s *ReviewDeadlines) ServiceLevels(ctx context.Context) (map[string]int, error) {
	if scrutineer.UserFromContext(ctx) == nil && !auth.IsSystemContext(ctx) {
		return nil, scrutineer.Errorf(scrutineer.EUNAUTHORISED, "Sign in to continue.")
	}
	return serviceLevels(ctx, s.db.read)
}

// serviceLevels reads the days in force: the defaults overridden by the settings.
func serviceLevels(ctx context.Context, q querier) (map[string]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT code, days FROM review_service_levels`)
	if err != nil {
		return nil, fmt.Errorf("read service levels: %w", err)
	}
	set := map[string]int{}
	type level struct {
		code string
		days int
	}
	list, err := collect(rows, func(rs scanner) (level, error) {
		var l level
		return l, rs.Scan(&l.code, &l.days)
	})
	if err != nil {
		return nil, fmt.Errorf("read service levels: %w", err)
	}
	for _, l := range list {
		set[l.code] = l.days
	}
	return scrutineer.ServiceLevelDays(set), nil
}

// SetServiceLevels implements scrutineer.DeadlineService: every level's days, in one
// transaction, audited as "review_service_levels.update" with what changed.
func (s *ReviewDeadlines) SetServiceLevels(ctx context.Context, days map[string]int) error {
	if err := auth.Authorise(ctx, auth.ManageReviewSettings, auth.Resource{}); err != nil {
		return err
	}
	if err := scrutineer.ValidateServiceLevels(days); err != nil {
		return err
	}
	u := scrutineer.UserFromContext(ctx)
	by := ""
	if u != nil {
		by = u.ID
	}
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		before, err := serviceLevels(ctx, tx)
		if err != nil {
			return err
		}
		var changed []string
		for _, l := range scrutineer.DefaultServiceLevels {
			d := days[l.Code]
			if _, err := tx.ExecContext(ctx, `INSERT INTO review_service_levels (code, days, updated_by, updated_at) VALUES ($1, $2, NULLIF($3, ''), $4)
				ON CONFLICT (code) DO UPDATE SET days = excluded.days, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
				l.Code, d, by, Time{s.db.Now()}); err != nil {
				return fmt.Errorf("set service level: %w", err)
			}
			if before[l.Code] != d {
				changed = append(changed, fmt.Sprintf("%s %d to %d days", l.Code, before[l.Code], d))
			}
		}
		return NewAudit(s.db).RecordTx(ctx, tx, &scrutineer.AuditEntry{
			Action: "review_service_levels.update", TargetType: "review_service_levels", TargetID: "all",
			Detail: "Changed: " + orNone(changed) + ".",
		})
	})
}

// notDraft reads every review that is no longer a draft, with its committee's name.
func notDraft(ctx context.Context, q querier) ([]*scrutineer.LearningReview, map[string]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+reviewColumns+` FROM learning_reviews r WHERE r.status <> $1 ORDER BY r.referral_on, r.id`, string(scrutineer.ReviewDraft))
	if err != nil {
		return nil, nil, fmt.Errorf("read reviews: %w", err)
	}
	list, err := collect(rows, func(rs scanner) (*scrutineer.LearningReview, error) { return scanReview(rs) })
	if err != nil {
		return nil, nil, fmt.Errorf("read reviews: %w", err)
	}
	names, err := committeeNames(ctx, q)
	return list, names, err
}

// committeeNames maps the ids of committees to their names.
func committeeNames(ctx context.Context, q querier) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name FROM organisations WHERE kind IN ($1, $2, $3)`,
		string(scrutineer.KindChildProtectionCommittee), string(scrutineer.KindAdultProtectionCommittee), string(scrutineer.KindPublicProtectionCommittee))
	if err != nil {
		return nil, fmt.Errorf("committee names: %w", err)
	}
	out := map[string]string{}
	pairs, err := collect(rows, func(rs scanner) ([2]string, error) {
		var p [2]string
		return p, rs.Scan(&p[0], &p[1])
	})
	for _, p := range pairs {
		out[p[0]] = p[1]
	}
	return out, err
}

// Timeliness implements scrutineer.DeadlineService: per deadline, how many were
// met on time, late, are overdue now or still pending, and the median days taken;
// and the overdue deadlines, most overdue first. Closed reviews count only for the
// deadlines they met. Analysts, inspectors and managers (auth.ViewStatistics).
func (s *ReviewDeadlines) Timeliness(ctx context.Context) (*scrutineer.Timeliness, error) {
	if err := auth.Authorise(ctx, auth.ViewStatistics, auth.Resource{}); err != nil {
		return nil, err
	}
	days, err := serviceLevels(ctx, s.db.read)
	if err != nil {
		return nil, err
	}
	reviews, names, err := notDraft(ctx, s.db.read)
	if err != nil {
		return nil, err
	}
	today := scrutineer.Today(s.db.Now())
	out := &scrutineer.Timeliness{}
	byCode := map[string]*scrutineer.DeadlineTimeliness{}
	taken := map[string][]float64{}
	for _, l := range scrutineer.DefaultServiceLevels {
		if l.Code == "reminder_before" {
			continue
		}
		out.Deadlines = append(out.Deadlines, scrutineer.DeadlineTimeliness{Code: l.Code, Label: l.Label, Days: days[l.Code], MedianDays: -1})
	}
	for i := range out.Deadlines {
		byCode[out.Deadlines[i].Code] = &out.Deadlines[i]
	}
	for _, r := range reviews {
		for _, d := range r.Deadlines(days, today) {
			t := byCode[d.Code]
			switch {
			case d.MetOn != "" && d.Late:
				t.Late++
			case d.MetOn != "":
				t.OnTime++
			case d.Overdue:
				t.OverdueNow++
				out.Overdue = append(out.Overdue, scrutineer.OverdueReview{ReviewID: r.ID, CommitteeName: names[r.CommitteeID], Deadline: d.Label,
					DueOn: d.DueOn, DaysOverdue: daysBetween(d.DueOn, today.Format(time.DateOnly))})
			case r.Status != scrutineer.ReviewClosed:
				t.Pending++
			}
			if d.MetOn != "" {
				taken[d.Code] = append(taken[d.Code], float64(daysBetween(d.DueOn, d.MetOn)+days[d.Code]))
			}
		}
	}
	for code, list := range taken {
		byCode[code].MedianDays = median(list)
	}
	slices.SortStableFunc(out.Overdue, func(a, b scrutineer.OverdueReview) int { return b.DaysOverdue - a.DaysOverdue })
	return out, nil
}

// daysBetween returns the days from a to b (YYYY-MM-DD), negative when b is first.
func daysBetween(a, b string) int {
	ta, err1 := time.Parse(time.DateOnly, a)
	tb, err2 := time.Parse(time.DateOnly, b)
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(math.Round(tb.Sub(ta).Hours() / 24))
}

// median of a non-empty list.
func median(list []float64) float64 {
	slices.Sort(list)
	n := len(list)
	if n%2 == 1 {
		return list[n/2]
	}
	return (list[n/2-1] + list[n/2]) / 2
}
