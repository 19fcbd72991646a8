package stats

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

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

// recommendation is one recommendation of a review in the period.
type recommendation struct {
	reviewID, agency string
	themes           []string
}

// dataset is everything a report counts, read once per report.
type dataset struct {
	reviews         []*review
	recommendations []recommendation
	actions         []string // the status of each action of a review in the period
	themeLabels     map[string]string
	outcomeDays     int
}

// inPeriod is the condition, on learning_reviews r, that a review counts: its
// decision was notified (not a draft) and decided within $1..$2 (YYYY-MM-DD text
// compares as dates on both engines).
const inPeriod = `r.status <> 'draft' AND r.decided_on >= $1 AND r.decided_on <= $2`

func load(ctx context.Context, db *sql.DB, p Period) (*dataset, error) {
	ds := &dataset{themeLabels: map[string]string{}}
	steps := []func(context.Context, *sql.DB, Period) error{
		ds.loadReviews, ds.loadAreas, ds.loadThemes, ds.loadRecommendations, ds.loadActions, ds.loadSettings,
	}
	for _, step := range steps {
		if err := step(ctx, db, p); err != nil {
			return nil, fmt.Errorf("statistics: %w", err)
		}
	}
	return ds, nil
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

// loadAreas gives each review the local authority of its committee: the one area
// the directory records for it, "Several areas" when it covers more than one (so
// the table still adds up), "Not recorded" when none.
func (ds *dataset) loadAreas(ctx context.Context, db *sql.DB, _ Period) error {
	rows, err := db.QueryContext(ctx, `SELECT c.slug, a.slug, a.name FROM organisation_areas oa
		JOIN organisations c ON c.id = oa.organisation_id
		JOIN organisations a ON a.id = oa.area_id
		WHERE a.kind = $1 ORDER BY c.slug, a.slug`, string(scrutineer.KindLocalAuthority))
	if err != nil {
		return err
	}
	defer rows.Close()
	areas := map[string][]Heading{}
	for rows.Next() {
		var committee string
		var h Heading
		if err := rows.Scan(&committee, &h.Code, &h.Label); err != nil {
			return err
		}
		areas[committee] = append(areas[committee], h)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, r := range ds.reviews {
		switch a := areas[r.committee]; len(a) {
		case 0:
			r.area = Heading{Code: "not_recorded", Label: "Not recorded"}
		case 1:
			r.area = a[0]
		default:
			r.area = Heading{Code: "several", Label: "Several areas"}
		}
	}
	return nil
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
	byID := make(map[string]*review, len(ds.reviews))
	for _, r := range ds.reviews {
		byID[r.id] = r
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
		if r := byID[id]; r != nil {
			r.themes = append(r.themes, code)
		}
	}
	return rows.Err()
}

func (ds *dataset) loadRecommendations(ctx context.Context, db *sql.DB, p Period) error {
	rows, err := db.QueryContext(ctx, `SELECT rr.review_id, rr.agency, rr.themes FROM review_recommendations rr
		JOIN learning_reviews r ON r.id = rr.review_id
		WHERE `+inPeriod+` ORDER BY rr.review_id, rr.position`, p.From, p.To)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var rec recommendation
		var themes string
		if err := rows.Scan(&rec.reviewID, &rec.agency, &themes); err != nil {
			return err
		}
		rec.themes = splitCodes(themes)
		ds.recommendations = append(ds.recommendations, rec)
	}
	return rows.Err()
}

func (ds *dataset) loadActions(ctx context.Context, db *sql.DB, p Period) error {
	rows, err := db.QueryContext(ctx, `SELECT a.status FROM review_actions a
		JOIN learning_reviews r ON r.id = a.review_id
		WHERE `+inPeriod+` ORDER BY a.review_id, a.position`, p.From, p.To)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var status string
		if err := rows.Scan(&status); err != nil {
			return err
		}
		ds.actions = append(ds.actions, status)
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
