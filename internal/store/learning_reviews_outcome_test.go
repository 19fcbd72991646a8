package store_test

import (
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// notified drafts a complete review of the Glasgow committee and notifies decision.
func (w *reviewWorld) notified(t *testing.T, decision string) *scrutineer.LearningReview {
	t.Helper()
	r := w.draft(t, w.glasgow, "child")
	if _, err := w.reviews.Update(w.glasgow, r.ID, complete()); err != nil {
		t.Fatal(err)
	}
	r, err := w.reviews.NotifyDecision(w.glasgow, r.ID, scrutineer.ReviewDecisionInput{Decision: decision, DecidedOn: "2026-04-01"})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// reviewDocument records a checked document of the review with the given findings,
// as the upload and its job would (the blob names are made up: no file is read).
func (w *reviewWorld) reviewDocument(t *testing.T, reviewID string, findings ...string) (*store.Documents, string) {
	t.Helper()
	docs := store.NewDocuments(w.db, store.NewJobs(w.db))
	res, err := docs.AddVersion(w.glasgow, &store.NewVersion{
		Upload: &scrutineer.DocumentUpload{OwnerType: scrutineer.OwnerLearningReview, OwnerID: reviewID, Kind: scrutineer.DocReport, Title: "Review report", Filename: "report.txt"},
		SHA256: strings.Repeat("a", 64), Size: 10, Format: "txt",
	})
	if err != nil {
		t.Fatal(err)
	}
	var found []store.FoundItem
	for i, k := range findings {
		found = append(found, store.FoundItem{Kind: k, Start: i, End: i + 1})
	}
	if err := docs.SaveCheck(w.glasgow, res.Version.ID, strings.Repeat("b", 64), 1, found, nil); err != nil {
		t.Fatal(err)
	}
	return docs, res.Document.ID
}

func outcomeInput(docID string) *scrutineer.ReviewOutcomeInput {
	return &scrutineer.ReviewOutcomeInput{
		CompletedOn: "2026-06-01", RatifiedOn: "2026-06-10", Methodology: "systems_approach",
		FamilyInvolvement: "involved", StaffInvolvement: "invited_declined", Publication: "publish_summary",
		DocumentIDs:     []string{docID},
		LearningPoints:  []scrutineer.LearningPoint{{Body: "Chronologies were kept by each agency apart."}},
		Recommendations: []scrutineer.Recommendation{{Body: "Agree one multi-agency chronology.", Agency: "multi_agency", Themes: []string{"chronologies", "information_sharing"}}},
		Actions:         []scrutineer.ReviewAction{{Action: "Write the chronology protocol.", Owner: "Committee", DueOn: "2026-12-31", Status: "not_started"}},
	}
}

// TestLearningReviewFollowThrough takes a full review from its decision through
// start, an update with a pause, completion and the outcome, which is refused (409)
// while its report has an unresolved finding and accepted once it is dismissed; the
// report is then sent, the records listed, an action updated, and another committee
// finds none of it.
func TestLearningReviewFollowThrough(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newReviewWorld(t, db)
		r := w.notified(t, "full_review")
		if _, err := w.reviews.StartReview(w.edinburgh, r.ID); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Fatalf("another committee started the review: %v", err)
		}
		r, err := w.reviews.StartReview(w.glasgow, r.ID)
		if err != nil || r.Status != scrutineer.ReviewInProgress {
			t.Fatalf("start: %v %v", r, err)
		}
		if _, err := w.reviews.StartReview(w.glasgow, r.ID); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
			t.Fatalf("started twice: %v", err)
		}
		if _, err := w.reviews.AddUpdate(w.glasgow, r.ID, &scrutineer.ReviewUpdate{ExpectedCompletionOn: "2026-05-01"}); scrutineer.ErrorFields(err)["expected_completion_on"] == "" {
			t.Fatalf("an expected completion in the past: %v", err)
		}
		r, err = w.reviews.AddUpdate(w.glasgow, r.ID, &scrutineer.ReviewUpdate{ReviewTeam: "Lead reviewer and two practitioners",
			ExpectedCompletionOn: "2026-09-30", PausedFor: "criminal_proceedings", DelayReasons: "Trial dates set."})
		if err != nil || r.PausedFor != "criminal_proceedings" || r.ExpectedCompletionOn != "2026-09-30" || r.Status != scrutineer.ReviewInProgress {
			t.Fatalf("update: %+v %v", r, err)
		}
		updates, err := w.reviews.ListUpdates(w.inspector, r.ID)
		if err != nil || len(updates) != 1 || updates[0].ReviewTeam != "Lead reviewer and two practitioners" {
			t.Fatalf("updates: %v %v", updates, err)
		}
		if _, err := w.reviews.ListUpdates(w.edinburgh, r.ID); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Fatalf("another committee listed the updates: %v", err)
		}
		if _, err := w.reviews.Complete(w.glasgow, r.ID, "2026-03-31"); scrutineer.ErrorFields(err)["completed_on"] == "" {
			t.Fatalf("completed before the decision: %v", err)
		}
		if r, err = w.reviews.Complete(w.glasgow, r.ID, "2026-06-01"); err != nil || r.Status != scrutineer.ReviewCompleted || r.PausedFor != "" {
			t.Fatalf("complete: %+v %v", r, err)
		}

		docs, docID := w.reviewDocument(t, r.ID, "person_name")
		if err := w.reviews.SaveOutcomeDraft(w.glasgow, r.ID, &scrutineer.ReviewOutcomeInput{CompletedOn: "2026-06-01", DocumentIDs: []string{docID}}); err != nil {
			t.Fatal(err)
		}
		draft, err := w.reviews.OutcomeDraft(w.glasgow, r.ID)
		if err != nil || draft.CompletedOn != "2026-06-01" || len(draft.DocumentIDs) != 1 {
			t.Fatalf("draft: %+v %v", draft, err)
		}
		if _, err := w.reviews.OutcomeDraft(w.inspector, r.ID); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Fatalf("the regulator read the committee's draft: %v", err)
		}
		before := testutil.Fingerprint(t, db)
		_, err = w.reviews.NotifyOutcome(w.glasgow, r.ID, outcomeInput(docID))
		if scrutineer.ErrorCode(err) != scrutineer.ECONFLICT || !strings.Contains(scrutineer.ErrorMessage(err), "personal data") {
			t.Fatalf("outcome with an unresolved finding: %v", err)
		}
		if testutil.Fingerprint(t, db) != before {
			t.Fatal("a refused outcome changed the database")
		}
		bad := outcomeInput(docID)
		bad.Recommendations[0].Agency = ""
		if _, err := w.reviews.NotifyOutcome(w.glasgow, r.ID, bad); scrutineer.ErrorFields(err)["recommendations.0.agency"] == "" {
			t.Fatalf("a recommendation without agency: %v", err)
		}
		d, err := docs.Editable(w.glasgow, docID)
		if err != nil {
			t.Fatal(err)
		}
		if err := docs.DismissFinding(w.glasgow, docID, d.Latest().Findings[0].ID, "A pseudonym."); err != nil {
			t.Fatal(err)
		}
		if _, err := w.reviews.NotifyOutcome(w.edinburgh, r.ID, outcomeInput(docID)); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Fatalf("another committee notified the outcome: %v", err)
		}
		r, err = w.reviews.NotifyOutcome(w.glasgow, r.ID, outcomeInput(docID))
		if err != nil || r.Status != scrutineer.ReviewOutcomeNotified || r.OutcomeOn != "2026-06-15" || r.RatifiedOn != "2026-06-10" || r.Methodology != "systems_approach" {
			t.Fatalf("outcome: %+v %v", r, err)
		}
		if d, err := docs.FindDocumentByID(w.inspector, docID); err != nil || d.Status != scrutineer.DocumentSent {
			t.Fatalf("the report was not sent with the outcome: %v", err)
		}
		if draft, err := w.reviews.OutcomeDraft(w.glasgow, r.ID); err != nil || draft.CompletedOn != "" {
			t.Fatalf("the draft outlived the outcome: %+v %v", draft, err)
		}
		out, err := w.reviews.ListOutcome(w.inspector, r.ID)
		if err != nil || len(out.LearningPoints) != 1 || len(out.Recommendations) != 1 || len(out.Actions) != 1 ||
			strings.Join(out.Recommendations[0].Themes, ",") != "chronologies,information_sharing" || out.Actions[0].Status != "not_started" {
			t.Fatalf("outcome records: %+v %v", out, err)
		}
		act := out.Actions[0]
		if _, err := w.reviews.UpdateAction(w.edinburgh, r.ID, act.ID, "complete", act.Version); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Fatalf("another committee updated the action: %v", err)
		}
		if _, err := w.reviews.UpdateAction(w.glasgow, r.ID, act.ID, "done", act.Version); scrutineer.ErrorFields(err)["status"] == "" {
			t.Fatalf("unknown status: %v", err)
		}
		a, err := w.reviews.UpdateAction(w.glasgow, r.ID, act.ID, "in_progress", act.Version)
		if err != nil || a.Status != "in_progress" || a.Version != act.Version+1 {
			t.Fatalf("update action: %+v %v", a, err)
		}
		if _, err := w.reviews.UpdateAction(w.glasgow, r.ID, act.ID, "complete", act.Version); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
			t.Fatalf("a stale version was accepted: %v", err)
		}
		got := strings.Join(reviewAudit(t, db, r.ID), " ")
		for _, want := range []string{"learning_review.start", "learning_review.update_progress", "learning_review.complete", "learning_review.outcome_draft", "learning_review.outcome", "learning_review.action"} {
			if !strings.Contains(got, want) {
				t.Errorf("no %s in the audit trail: %s", want, got)
			}
		}
		assertNoFreeText(t, db, r.ID, "Lead reviewer", "Trial dates", "Chronologies were", "multi-agency chronology", "protocol")
	})
}

// assertNoFreeText fails when an audit detail of the review quotes free text.
func assertNoFreeText(t *testing.T, db *store.DB, id string, texts ...string) {
	t.Helper()
	rows, err := db.Reader().Query(`SELECT detail FROM audit_log WHERE target_id = $1`, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			t.Fatal(err)
		}
		for _, s := range texts {
			if strings.Contains(d, s) {
				t.Errorf("audit detail %q quotes free text", d)
			}
		}
	}
}

// TestLearningReviewOutcomeRules: an alternative approach notifies its outcome
// straight from its decision and cannot be started; a no-review decision has no
// outcome; a document of another review, or one not yet checked, answers 409.
func TestLearningReviewOutcomeRules(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newReviewWorld(t, db)
		alt := w.notified(t, "alternative_approach")
		if _, err := w.reviews.StartReview(w.glasgow, alt.ID); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
			t.Fatalf("an alternative approach was started: %v", err)
		}
		_, altDoc := w.reviewDocument(t, alt.ID)
		other := w.notified(t, "full_review")
		_, otherDoc := w.reviewDocument(t, other.ID)
		if _, err := w.reviews.NotifyOutcome(w.glasgow, alt.ID, outcomeInput(otherDoc)); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
			t.Fatalf("another review's document: %v", err)
		}
		docs := store.NewDocuments(db, store.NewJobs(db))
		pending, err := docs.AddVersion(w.glasgow, &store.NewVersion{
			Upload: &scrutineer.DocumentUpload{OwnerType: scrutineer.OwnerLearningReview, OwnerID: alt.ID, Kind: scrutineer.DocLearningSummary, Title: "Learning summary", Filename: "summary.txt"},
			SHA256: strings.Repeat("c", 64), Size: 10, Format: "txt",
		})
		if err != nil {
			t.Fatal(err)
		}
		in := outcomeInput(altDoc)
		in.DocumentIDs = append(in.DocumentIDs, pending.Document.ID)
		if _, err := w.reviews.NotifyOutcome(w.glasgow, alt.ID, in); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT || !strings.Contains(scrutineer.ErrorMessage(err), "still being checked") {
			t.Fatalf("a document not yet checked: %v", err)
		}
		in = outcomeInput(altDoc)
		in.LearningPoints = nil
		if _, err := w.reviews.NotifyOutcome(w.glasgow, alt.ID, in); scrutineer.ErrorFields(err)["learning_points"] == "" {
			t.Fatalf("an alternative approach without learning: %v", err)
		}
		if r, err := w.reviews.NotifyOutcome(w.glasgow, alt.ID, outcomeInput(altDoc)); err != nil || r.Status != scrutineer.ReviewOutcomeNotified {
			t.Fatalf("alternative approach outcome: %v", err)
		}
		if _, err := w.reviews.NotifyOutcome(w.glasgow, alt.ID, outcomeInput(altDoc)); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
			t.Fatalf("an outcome notified twice: %v", err)
		}
		r := w.draft(t, w.glasgow, "child")
		if _, err := w.reviews.Update(w.glasgow, r.ID, complete()); err != nil {
			t.Fatal(err)
		}
		if _, err := w.reviews.NotifyDecision(w.glasgow, r.ID, scrutineer.ReviewDecisionInput{Decision: "no_review", DecidedOn: "2026-04-01", Reasons: "Single-agency learning."}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.reviews.NotifyOutcome(w.glasgow, r.ID, outcomeInput(altDoc)); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
			t.Fatalf("a no-review decision's outcome: %v", err)
		}
		if err := w.reviews.SaveOutcomeDraft(w.glasgow, r.ID, &scrutineer.ReviewOutcomeInput{}); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
			t.Fatalf("a no-review decision's outcome draft: %v", err)
		}
	})
}
