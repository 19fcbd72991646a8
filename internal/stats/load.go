package stats

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/scrutineer/scrutineer"
)

// review is one notified learning review as the statistics read it: codes and dates
// only, never free text.
type review struct {
	id                                                string
	committee, committeeName, committeeKind           string
	subjectType, ageBand, sex, disability, ethnicity  string
	protectionStatus, eventType, harmNature, decision string
	incidentOn, referralOn, decidedOn, completedOn    string
	ratifiedOn, outcomeOn                             string
	area                                              Heading
	themes                                            []string
}

// recommendation is a group of recommendations of reviews in the period with the
// same agency and themes: n of them.
type recommendation struct {
	agency string
	themes []string
	n      int
}

// actionCount is the number of actions in one status.
type actionCount struct {
	status string
	n      int
}

// dataset is everything a report counts, read once per report.
type dataset struct {
	areas           map[string][]Heading // committee slug -> its local authorities
	themePairs      [][2]string          // review id, accepted theme code
	reviews         []*review
	recommendations []recommendation
	actions         []actionCount
	themeLabels     map[string]string
	outcomeDays     int
}

// inPeriod is the condition, on learning_reviews r, that a review counts: its
// decision was notified (not a draft) and decided within $1..$2 (YYYY-MM-DD text
// compares as dates on both engines).
const inPeriod = `r.status <> 'draft' AND r.decided_on >= $1 AND r.decided_on <= $2`

// load runs the queries side by side on the read pool (each fills its own part of
// the dataset), then gives each review its area and themes.
func load(ctx context.Context, db *sql.DB, p Period) (*dataset, error) {
	ds := &dataset{themeLabels: map[string]string{}}
	steps := []func(context.Context, *sql.DB, Period) error{
		ds.loadReviews, ds.loadAreas, ds.loadThemes, ds.loadRecommendations, ds.loadActions, ds.loadSettings,
	}
	errs := make([]error, len(steps))
	var wg sync.WaitGroup
	for i, step := range steps {
		wg.Go(func() { errs[i] = step(ctx, db, p) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("statistics: %w", err)
	}
	ds.attach()
	return ds, nil
}

// attach gives each review the local authority of its committee (the one area the
// directory records for it, "Several areas" when it covers more than one so the
// table still adds up, "Not recorded" when none) and its accepted themes.
func (ds *dataset) attach() {
	byID := make(map[string]*review, len(ds.reviews))
	for _, r := range ds.reviews {
		byID[r.id] = r
		switch a := ds.areas[r.committee]; len(a) {
		case 0:
			r.area = Heading{Code: "not_recorded", Label: "Not recorded"}
		case 1:
			r.area = a[0]
		default:
			r.area = Heading{Code: "several", Label: "Several areas"}
		}
	}
	for _, pair := range ds.themePairs {
		if r := byID[pair[0]]; r != nil {
			r.themes = append(r.themes, pair[1])
		}
	}
}

func (ds *dataset) loadReviews(ctx context.Context, db *sql.DB, p Period) error {
	rows, err := db.QueryContext(ctx, `SELECT r.id, o.slug, o.name, o.kind, r.subject_type, r.age_band, r.sex,
		r.disability, r.ethnicity, r.protection_status, r.event_type, r.harm_nature, r.decision,
		r.incident_on, r.referral_on, r.decided_on, r.completed_on, r.ratified_on, r.outcome_on
		FROM learning_reviews r JOIN organisations o ON o.id = r.committee_id
		WHERE `+inPeriod+` ORDER BY r.decided_on, r.id`, p.From, p.To)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		r := &review{}
		if err := rows.Scan(&r.id, &r.committee, &r.committeeName, &r.committeeKind, &r.subjectType, &r.ageBand, &r.sex,
			&r.disability, &r.ethnicity, &r.protectionStatus, &r.eventType, &r.harmNature, &r.decision,
			&r.incidentOn, &r.referralOn, &r.decidedOn, &r.completedOn, &r.ratifiedOn, &r.outcomeOn); err != nil {
			return err
		}
		ds.reviews = append(ds.reviews, r)
	}
	return rows.Err()
}

// loadAreas reads the local authorities of every committee.
func (ds *dataset) loadAreas(ctx context.Context, db *sql.DB, _ Period) error {
	rows, err := db.QueryContext(ctx, `SELECT c.slug, a.slug, a.name FROM organisation_areas oa
		JOIN organisations c ON c.id = oa.organisation_id
		JOIN organisations a ON a.id = oa.area_id
		WHERE a.kind = $1 ORDER BY c.slug, a.slug`, string(scrutineer.KindLocalAuthority))
	if err != nil {
		return err
	}
	defer rows.Close()
	ds.areas = map[string][]Heading{}
	for rows.Next() {
		var committee string
		var h Heading
		if err := rows.Scan(&committee, &h.Code, &h.Label); err != nil {
			return err
		}
		ds.areas[committee] = append(ds.areas[committee], h)
	}
	return rows.Err()
}

// loadThemes reads the accepted themes of the period's reviews and the labels of the
// theme vocabulary (the newest version's label of each code).
func (ds *dataset) loadThemes(ctx context.Context, db *sql.DB, p Period) error {
	for _, t := range scrutineer.DefaultThemes {
		ds.themeLabels[t.Code] = t.Label
	}
	labels, err := db.QueryContext(ctx, `SELECT code, label FROM theme_vocabulary ORDER BY version, code`)
	if err != nil {
		return err
	}
	for labels.Next() {
		var code, label string
		if err := labels.Scan(&code, &label); err != nil {
			labels.Close()
			return err
		}
		ds.themeLabels[code] = label
	}
	labels.Close()
	if err := labels.Err(); err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, `SELECT t.review_id, t.code FROM review_themes t
		JOIN learning_reviews r ON r.id = t.review_id
		WHERE t.status = 'accepted' AND `+inPeriod+` ORDER BY t.review_id, t.code`, p.From, p.To)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, code string
		if err := rows.Scan(&id, &code); err != nil {
			return err
		}
		ds.themePairs = append(ds.themePairs, [2]string{id, code})
	}
	return rows.Err()
}

// loadRecommendations counts recommendations by agency and list of themes in SQL
// (the same GROUP BY on both engines): a few hundred groups instead of tens of
// thousands of rows.
func (ds *dataset) loadRecommendations(ctx context.Context, db *sql.DB, p Period) error {
	rows, err := db.QueryContext(ctx, `SELECT rr.agency, rr.themes, COUNT(*) FROM review_recommendations rr
		JOIN learning_reviews r ON r.id = rr.review_id
		WHERE `+inPeriod+` GROUP BY rr.agency, rr.themes ORDER BY rr.agency, rr.themes`, p.From, p.To)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var rec recommendation
		var themes string
		if err := rows.Scan(&rec.agency, &themes, &rec.n); err != nil {
			return err
		}
		rec.themes = splitCodes(themes)
		ds.recommendations = append(ds.recommendations, rec)
	}
	return rows.Err()
}

func (ds *dataset) loadActions(ctx context.Context, db *sql.DB, p Period) error {
	rows, err := db.QueryContext(ctx, `SELECT a.status, COUNT(*) FROM review_actions a
		JOIN learning_reviews r ON r.id = a.review_id
		WHERE `+inPeriod+` GROUP BY a.status ORDER BY a.status`, p.From, p.To)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a actionCount
		if err := rows.Scan(&a.status, &a.n); err != nil {
			return err
		}
		ds.actions = append(ds.actions, a)
	}
	return rows.Err()
}

// loadSettings reads the outcome service level the regulator has set (7 days by
// national guidance unless changed).
func (ds *dataset) loadSettings(ctx context.Context, db *sql.DB, _ Period) error {
	rows, err := db.QueryContext(ctx, `SELECT code, days FROM review_service_levels`)
	if err != nil {
		return err
	}
	defer rows.Close()
	set := map[string]int{}
	for rows.Next() {
		var code string
		var days int
		if err := rows.Scan(&code, &days); err != nil {
			return err
		}
		set[code] = days
	}
	if err := rows.Err(); err != nil {
		return err
	}
	ds.outcomeDays = scrutineer.ServiceLevelDays(set)["outcome"]
	return nil
}

// splitCodes reads a comma-separated list of codes, dropping empty entries and
// duplicates (a recommendation counts once per theme).
func splitCodes(s string) []string {
	var out []string
	seen := map[string]bool{}
	for c := range strings.SplitSeq(s, ",") {
		c = strings.TrimSpace(c)
		if c != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}
