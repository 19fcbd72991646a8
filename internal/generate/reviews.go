package generate

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/store"
)

type reviewsSource struct{}

func (reviewsSource) Name() string { return "learning reviews" }

// Generate plans every review, then writes them a batch per transaction.
func (reviewsSource) Generate(ctx context.Context, run *Run) error {
	if err := run.seedVocabularies(ctx); err != nil {
		return err
	}
	n, i := run.Config.Size.Reviews, 0
	plan := func(cm Committee, target scrutineer.LearningReviewStatus) error {
		rv, err := planReview(run, i, cm, target)
		if err != nil {
			return err
		}
		run.Reviews = append(run.Reviews, rv)
		i++
		return nil
	}
	// The focus committees first: two reviews in every state each.
	for _, id := range run.Config.Focus {
		for _, cm := range run.Committees {
			if cm.ID != id {
				continue
			}
			for _, st := range scrutineer.LearningReviewStatuses {
				for range 2 {
					if err := plan(cm, st); err != nil {
						return err
					}
				}
			}
		}
	}
	// Then every committee in turn; every tenth review is placed in a given state,
	// so that each state is well represented whatever the dates give.
	for k := 0; i < n; k++ {
		var target scrutineer.LearningReviewStatus
		if k%10 == 0 {
			target = scrutineer.LearningReviewStatuses[(k/10)%len(scrutineer.LearningReviewStatuses)]
		}
		if err := plan(run.Committees[k%len(run.Committees)], target); err != nil {
			return err
		}
	}
	run.link()
	batch := run.Config.Size.Batch
	for start := 0; start < len(run.Reviews); start += batch {
		chunk := run.Reviews[start:min(start+batch, len(run.Reviews))]
		if err := run.DB.WriteTx(ctx, func(tx *sql.Tx) error { return run.writeReviews(ctx, tx, chunk) }); err != nil {
			return err
		}
	}
	return nil
}

// link links about one review in thirty to an earlier one of its committee, both
// ways, as the store reads links from either end.
func (run *Run) link() {
	last := map[string]*Review{}
	for k, rv := range run.Reviews {
		if prev := last[rv.Committee.ID]; prev != nil && k%30 == 7 && rv.R.Status != scrutineer.ReviewDraft && prev.R.Status != scrutineer.ReviewDraft {
			rv.R.LinkedReviewIDs = append(rv.R.LinkedReviewIDs, prev.R.ID)
			prev.R.LinkedReviewIDs = append(prev.R.LinkedReviewIDs, rv.R.ID)
			rv.linkBack = append(rv.linkBack, prev.R.ID)
		}
		last[rv.Committee.ID] = rv
	}
}

// seedVocabularies writes version 1 of the theme vocabulary and the appraisal
// checklist when they are missing, as ratings and themes refer to them.
func (run *Run) seedVocabularies(ctx context.Context) error {
	var themes, criteria [][]any
	for _, t := range scrutineer.DefaultThemes {
		themes = append(themes, []any{1, t.Code, t.Label, t.Description, strings.Join(t.Keywords, "\n")})
	}
	for _, c := range scrutineer.DefaultAppraisalCriteria {
		criteria = append(criteria, []any{c.Code, c.Label, c.Guidance, c.Position, c.Active})
	}
	return run.DB.WriteTx(ctx, func(tx *sql.Tx) error {
		if err := run.InsertSeed(ctx, tx, "theme_vocabulary", []string{"version", "code", "label", "description", "keywords"}, themes); err != nil {
			return err
		}
		return run.InsertSeed(ctx, tx, "appraisal_criteria", []string{"code", "label", "guidance", "position", "active"}, criteria)
	})
}

func ts(t time.Time) store.Time { return store.Time{Time: t} }

// null is a nullable reference: NULL for "".
func null(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

var reviewCols = []string{"id", "committee_id", "status", "subject_type", "age_band", "sex", "event_type", "incident_on", "referral_on",
	"decision", "decided_on", "reasons", "created_by", "created_at", "updated_at", "version",
	"disability", "ethnicity", "legal_status", "protection_status", "harm_nature", "criteria_set", "criteria",
	"info_requested_on", "info_returned_on", "parallel_processes", "planned_method", "notified_on",
	"expected_completion_on", "paused_for", "completed_on", "ratified_on", "outcome_on", "methodology",
	"family_involvement", "staff_involvement", "delay_reasons", "publication", "closed_on", "assignee_id", "acknowledged_at"}

// writeReviews writes a batch of reviews and everything recorded about them.
func (run *Run) writeReviews(ctx context.Context, tx *sql.Tx, batch []*Review) error {
	t := map[string][][]any{}
	for _, rv := range batch {
		r := rv.R
		t["learning_reviews"] = append(t["learning_reviews"], []any{r.ID, r.CommitteeID, string(r.Status), r.SubjectType, r.AgeBand, r.Sex, r.EventType, r.IncidentOn, r.ReferralOn,
			r.Decision, r.DecidedOn, r.Reasons, r.CreatedBy, ts(r.CreatedAt), ts(r.UpdatedAt), r.Version,
			r.Disability, r.Ethnicity, r.LegalStatus, r.ProtectionStatus, r.HarmNature, r.CriteriaSet, strings.Join(r.Criteria, ","),
			r.InfoRequestedOn, r.InfoReturnedOn, strings.Join(r.ParallelProcesses, ","), r.PlannedMethod, r.NotifiedOn,
			r.ExpectedCompletionOn, r.PausedFor, r.CompletedOn, r.RatifiedOn, r.OutcomeOn, r.Methodology,
			r.FamilyInvolvement, r.StaffInvolvement, r.DelayReasons, r.Publication, r.ClosedOn, null(r.AssigneeID), ts(r.AcknowledgedAt)})
		for k, e := range r.History {
			t["learning_review_events"] = append(t["learning_review_events"], []any{rv.EventIDs[k], r.ID, string(e.FromStatus), string(e.ToStatus), null(e.ActorID), ts(e.At)})
		}
		// Both rows of a link are written with the later review, so that both
		// reviews exist by then.
		for _, l := range rv.linkBack {
			t["learning_review_links"] = append(t["learning_review_links"], []any{r.ID, l}, []any{l, r.ID})
		}
		for _, u := range rv.Updates {
			t["learning_review_updates"] = append(t["learning_review_updates"], []any{u.ID, r.ID, u.ReviewTeam, u.ExpectedCompletionOn, u.PausedFor, u.DelayReasons, u.CreatedBy, ts(u.CreatedAt)})
		}
		for _, p := range rv.Points {
			t["learning_points"] = append(t["learning_points"], []any{p.ID, r.ID, p.Position, p.Body, strings.Join(p.Themes, ",")})
		}
		for _, p := range rv.Recs {
			t["review_recommendations"] = append(t["review_recommendations"], []any{p.ID, r.ID, p.Position, p.Body, p.Agency, strings.Join(p.Themes, ",")})
		}
		for _, a := range rv.Actions {
			t["review_actions"] = append(t["review_actions"], []any{a.ID, r.ID, null(a.RecommendationID), a.Position, a.Action, a.Owner, a.DueOn, a.Status, ts(a.UpdatedAt), a.Version})
		}
		for _, m := range rv.Messages {
			t["review_messages"] = append(t["review_messages"], []any{m.ID, r.ID, m.AuthorID, m.FromRegulator, m.Body, ts(m.CreatedAt), ts(m.ReadAt)})
		}
		for _, th := range rv.Themes {
			t["review_themes"] = append(t["review_themes"], []any{r.ID, th.Code, th.Version, string(th.Status), th.Reason, null(th.DecidedBy), ts(th.DecidedAt)})
		}
		for _, a := range rv.Ratings {
			t["review_appraisal_ratings"] = append(t["review_appraisal_ratings"], []any{r.ID, a.Criterion, a.Rating, a.Comment, a.RatedBy, ts(a.RatedAt)})
		}
		if o := rv.Obs; o != nil {
			t["review_observations"] = append(t["review_observations"], []any{r.ID, o.Body, string(o.Status), o.DraftedBy, null(o.ApprovedBy), ts(o.IssuedAt), ts(o.UpdatedAt), o.Version})
		}
	}
	// Parents before children, for the foreign keys.
	for _, tbl := range reviewTables {
		if err := run.Insert(ctx, tx, tbl.name, tbl.cols, t[tbl.name]); err != nil {
			return err
		}
	}
	return nil
}

var reviewTables = []struct {
	name string
	cols []string
}{
	{"learning_reviews", reviewCols},
	{"learning_review_events", []string{"id", "review_id", "from_status", "to_status", "actor_id", "at"}},
	{"learning_review_links", []string{"review_id", "linked_review_id"}},
	{"learning_review_updates", []string{"id", "review_id", "review_team", "expected_completion_on", "paused_for", "delay_reasons", "created_by", "created_at"}},
	{"learning_points", []string{"id", "review_id", "position", "body", "themes"}},
	{"review_recommendations", []string{"id", "review_id", "position", "body", "agency", "themes"}},
	{"review_actions", []string{"id", "review_id", "recommendation_id", "position", "action", "owner", "due_on", "status", "updated_at", "version"}},
	{"review_messages", []string{"id", "review_id", "author_id", "from_regulator", "body", "created_at", "read_at"}},
	{"review_themes", []string{"review_id", "code", "version", "status", "reason", "decided_by", "decided_at"}},
	{"review_appraisal_ratings", []string{"review_id", "criterion", "rating", "comment", "rated_by", "rated_at"}},
	{"review_observations", []string{"review_id", "body", "status", "drafted_by", "approved_by", "issued_at", "updated_at", "version"}},
}
