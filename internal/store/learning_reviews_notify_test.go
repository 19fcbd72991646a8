package store_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

func codes(s ...string) *[]string { return &s }

// TestLearningReviewNotificationFields saves every notification field of a draft
// and reads it back as it was saved, on both engines.
func TestLearningReviewNotificationFields(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newReviewWorld(t, db)
		r := w.draft(t, w.glasgow, "child")
		c := complete()
		c.Disability, c.Ethnicity, c.LegalStatus, c.ProtectionStatus = str("yes"), str("mixed"), str("compulsory_supervision_order"), str("looked_after")
		c.HarmNature, c.CriteriaSet, c.Criteria = str("neglect"), str("child_2024"), codes("harm_abuse_neglect", "concern_joint_working")
		c.InfoRequestedOn, c.InfoReturnedOn = str("2026-03-12"), str("2026-04-02")
		c.ParallelProcesses, c.PlannedMethod = codes("police_investigation", "fatal_accident_inquiry"), str("learning_together")
		c.Decision, c.DecidedOn, c.Reasons = str("full_review"), str("2026-05-01"), str("Agencies did not share what they knew.")
		got, err := w.reviews.Update(w.glasgow, r.ID, c)
		if err != nil {
			t.Fatal(err)
		}
		got, err = w.reviews.Find(w.glasgow, got.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"yes", "mixed", "compulsory_supervision_order", "looked_after", "neglect", "child_2024", "2026-03-12", "2026-04-02", "learning_together", "full_review", "2026-05-01"}
		have := []string{got.Disability, got.Ethnicity, got.LegalStatus, got.ProtectionStatus, got.HarmNature, got.CriteriaSet, got.InfoRequestedOn, got.InfoReturnedOn, got.PlannedMethod, got.Decision, got.DecidedOn}
		if !slices.Equal(have, want) || !slices.Equal(got.Criteria, []string{"harm_abuse_neglect", "concern_joint_working"}) ||
			!slices.Equal(got.ParallelProcesses, []string{"police_investigation", "fatal_accident_inquiry"}) || got.Status != scrutineer.ReviewDraft {
			t.Fatalf("read back %v %q %q %s", have, got.Criteria, got.ParallelProcesses, got.Status)
		}
		// An invalid answer is refused whole: nothing else of the change is kept.
		_, err = w.reviews.Update(w.glasgow, r.ID, &scrutineer.LearningReviewChanges{Ethnicity: str("white_other"), CriteriaSet: str("adult_2022")})
		if scrutineer.ErrorFields(err)["criteria_set"] == "" {
			t.Fatalf("an adult criteria set for a child: %v", err)
		}
		if again, _ := w.reviews.Find(w.glasgow, r.ID); again.Ethnicity != "mixed" || again.Version != got.Version {
			t.Errorf("a refused change was half-stored: %s v%d", again.Ethnicity, again.Version)
		}
	})
}

// TestLearningReviewLinks links a draft to its committee's own reviews only.
func TestLearningReviewLinks(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newReviewWorld(t, db)
		r := w.draft(t, w.glasgow, "child")
		own := w.draft(t, w.glasgow, "child")
		theirs := w.draft(t, w.edinburgh, "adult")
		if _, err := w.reviews.Update(w.glasgow, r.ID, &scrutineer.LearningReviewChanges{LinkedReviewIDs: codes(own.ID)}); err != nil {
			t.Fatal(err)
		}
		got, _ := w.reviews.Find(w.glasgow, r.ID)
		if !slices.Equal(got.LinkedReviewIDs, []string{own.ID}) {
			t.Fatalf("links %v", got.LinkedReviewIDs)
		}
		for name, id := range map[string]string{"another committee's": theirs.ID, "a missing": "no-such-review"} {
			_, err := w.reviews.Update(w.glasgow, r.ID, &scrutineer.LearningReviewChanges{LinkedReviewIDs: codes(id), Sex: str("male")})
			if scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
				t.Errorf("link to %s review: %v, want not found", name, err)
			}
		}
		if _, err := w.reviews.Update(w.glasgow, r.ID, &scrutineer.LearningReviewChanges{LinkedReviewIDs: codes(r.ID)}); scrutineer.ErrorCode(err) != scrutineer.EINVALID {
			t.Errorf("link to itself: %v", err)
		}
		after, _ := w.reviews.Find(w.glasgow, r.ID)
		if !slices.Equal(after.LinkedReviewIDs, []string{own.ID}) || after.Sex != "" || after.Version != got.Version {
			t.Errorf("a refused link changed the review: %v %q v%d", after.LinkedReviewIDs, after.Sex, after.Version)
		}
		// Another committee cannot link to this review either.
		if _, err := w.reviews.Update(w.edinburgh, theirs.ID, &scrutineer.LearningReviewChanges{LinkedReviewIDs: codes(r.ID)}); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Errorf("edinburgh linking to glasgow's review: %v", err)
		}
		if _, err := w.reviews.Update(w.glasgow, r.ID, &scrutineer.LearningReviewChanges{LinkedReviewIDs: codes()}); err != nil {
			t.Fatal(err)
		}
		if cleared, _ := w.reviews.Find(w.glasgow, r.ID); len(cleared.LinkedReviewIDs) != 0 {
			t.Errorf("links not cleared: %v", cleared.LinkedReviewIDs)
		}
	})
}

// TestLearningReviewReasonsCheck refuses a decision whose reasons hold a finding
// the officer has not confirmed, and records the confirmation as counts only.
func TestLearningReviewReasonsCheck(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newReviewWorld(t, db)
		r := w.draft(t, w.glasgow, "child")
		if _, err := w.reviews.Update(w.glasgow, r.ID, complete()); err != nil {
			t.Fatal(err)
		}
		reasons := "Discussed with Morag Dunbar, who agreed."
		key := scrutineer.FindingKey("person_name", 15, 27, "Morag Dunbar")
		check := &scrutineer.ReasonsCheck{Findings: []scrutineer.TextFinding{{Kind: "person_name", Start: 15, End: 27, Key: key}}}
		in := scrutineer.ReviewDecisionInput{Decision: "no_review", DecidedOn: "2026-06-01", Reasons: reasons, Check: check}
		if _, err := w.reviews.NotifyDecision(w.glasgow, r.ID, in); scrutineer.ErrorFields(err)["reasons"] == "" {
			t.Fatalf("unconfirmed finding: %v", err)
		}
		if still, _ := w.reviews.Find(w.glasgow, r.ID); still.Status != scrutineer.ReviewDraft {
			t.Fatalf("refused decision moved the review to %s", still.Status)
		}
		check.Confirmed = []string{key}
		if _, err := w.reviews.NotifyDecision(w.glasgow, r.ID, in); err != nil {
			t.Fatal(err)
		}
		var detail string
		if err := db.Reader().QueryRow(`SELECT detail FROM audit_log WHERE action = 'learning_review.decision' AND target_id = $1`, r.ID).Scan(&detail); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(detail, "1 found, 1 confirmed not personal data") || strings.Contains(detail, "Morag") {
			t.Errorf("audit detail %q", detail)
		}
	})
}

// TestLearningReviewCreateWithNotification keeps the notification fields and links
// given when a draft is started.
func TestLearningReviewCreateWithNotification(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newReviewWorld(t, db)
		first := w.draft(t, w.glasgow, "adult")
		r := &scrutineer.LearningReview{SubjectType: "adult", Ethnicity: "not_known", ProtectionStatus: "asp_inquiry", ParallelProcesses: []string{"none"}, LinkedReviewIDs: []string{first.ID}}
		if err := w.reviews.CreateDraft(w.glasgow, r); err != nil {
			t.Fatal(err)
		}
		got, err := w.reviews.Find(w.glasgow, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Ethnicity != "not_known" || got.ProtectionStatus != "asp_inquiry" || !slices.Equal(got.ParallelProcesses, []string{"none"}) || !slices.Equal(got.LinkedReviewIDs, []string{first.ID}) {
			t.Errorf("created %+v", got)
		}
		theirs := &scrutineer.LearningReview{SubjectType: "adult", LinkedReviewIDs: []string{first.ID}}
		if err := w.reviews.CreateDraft(w.edinburgh, theirs); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Errorf("edinburgh linking a new draft to glasgow's: %v", err)
		}
	})
}
