package store_test

import (
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

func TestAppraisalObservationsAndLetter(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newRegulatorWorld(t, db)
		full := w.notified(t, "full_review", true)
		alt := w.notified(t, "alternative_approach", true)
		if n, err := store.SyncAppraisalCriteria(w.system, db); err != nil || n != 0 {
			t.Fatalf("second sync added %d (%v)", n, err)
		}
		if _, err := w.work.Assign(w.inspector, full.ID, userOf(w.inspector).ID); err != nil {
			t.Fatal(err)
		}
		// Observations and ratings wait for the appraisal; alternatives get none.
		_, err := w.work.SaveObservations(w.inspector, full.ID, "Early.")
		wantCode(t, err, scrutineer.ECONFLICT)
		_, err = w.work.StartAppraisal(w.manager, alt.ID)
		wantCode(t, err, scrutineer.ECONFLICT)
		if r, err := w.work.StartAppraisal(w.inspector, full.ID); err != nil || r.Status != scrutineer.ReviewUnderAppraisal {
			t.Fatalf("start: %v", err)
		}
		items, err := w.work.Ratings(w.inspector, full.ID)
		if err != nil || len(items) != len(scrutineer.DefaultAppraisalCriteria) {
			t.Fatalf("ratings: %d items, %v", len(items), err)
		}
		_, err = w.work.Ratings(w.glasgow, full.ID)
		wantCode(t, err, scrutineer.ENOTFOUND)
		err = w.work.Rate(w.inspector, full.ID, []scrutineer.AppraisalRating{{Criterion: "timeliness", Rating: "brilliant"}})
		wantCode(t, err, scrutineer.EINVALID)
		err = w.work.Rate(w.inspector2, full.ID, []scrutineer.AppraisalRating{{Criterion: "timeliness", Rating: "met"}})
		wantCode(t, err, scrutineer.ENOTFOUND)
		var half []scrutineer.AppraisalRating
		for _, c := range items[:3] {
			half = append(half, scrutineer.AppraisalRating{Criterion: c.Code, Rating: "partly_met", Comment: "Some evidence."})
		}
		if err := w.work.Rate(w.inspector, full.ID, half); err != nil {
			t.Fatal(err)
		}
		if _, err := w.work.SaveObservations(w.inspector, full.ID, "We noted the systemic approach."); err != nil {
			t.Fatal(err)
		}
		_, err = w.work.SubmitObservations(w.inspector, full.ID)
		wantCode(t, err, scrutineer.EINVALID) // four items unrated
		var rest []scrutineer.AppraisalRating
		for _, c := range items[3:] {
			rest = append(rest, scrutineer.AppraisalRating{Criterion: c.Code, Rating: "met"})
		}
		if err := w.work.Rate(w.inspector, full.ID, rest); err != nil {
			t.Fatal(err)
		}
		o, err := w.work.SubmitObservations(w.inspector, full.ID)
		if err != nil || o.Status != scrutineer.ObservationsSubmitted {
			t.Fatalf("submit: %v", err)
		}
		err = w.work.Rate(w.inspector, full.ID, rest)
		wantCode(t, err, scrutineer.ECONFLICT)
		_, err = w.work.ReturnObservations(w.inspector, full.ID, "Fix it")
		wantCode(t, err, scrutineer.ENOTFOUND)
		_, err = w.work.ReturnObservations(w.manager, full.ID, " ")
		wantCode(t, err, scrutineer.EINVALID)
		if o, err = w.work.ReturnObservations(w.manager, full.ID, "Say more about the family."); err != nil || o.Status != scrutineer.ObservationsDraft || o.ReturnComment == "" {
			t.Fatalf("return: %v %+v", err, o)
		}
		_, err = w.work.IssueObservations(w.manager, full.ID)
		wantCode(t, err, scrutineer.ECONFLICT)
		_, err = w.work.Letter(w.glasgow, full.ID)
		wantCode(t, err, scrutineer.ENOTFOUND)
		if _, err := w.work.SaveObservations(w.inspector, full.ID, "We noted the systemic approach and the family's part."); err != nil {
			t.Fatal(err)
		}
		if _, err := w.work.SubmitObservations(w.inspector, full.ID); err != nil {
			t.Fatal(err)
		}
		r, err := w.work.IssueObservations(w.manager, full.ID)
		if err != nil || r.Status != scrutineer.ReviewObservationsIssued {
			t.Fatalf("issue: %v", err)
		}
		l, err := w.work.Letter(w.glasgow, full.ID)
		if err != nil || l.Body != "We noted the systemic approach and the family's part." || l.CommitteeName == "" || l.IssuedAt.IsZero() {
			t.Fatalf("letter: %v %+v", err, l)
		}
		_, err = w.work.Letter(w.edinburgh, full.ID)
		wantCode(t, err, scrutineer.ENOTFOUND)
		if n := countEmails(t, db, "The regulator's observations on learning review %"); n != 1 {
			t.Fatalf("%d issue emails, want 1 (Glasgow's officer)", n)
		}
		if n := countEmails(t, db, "Observations on learning review % have been returned to you"); n != 1 {
			t.Fatalf("%d return emails, want 1", n)
		}
		if r, err := w.work.Close(w.inspector, full.ID); err != nil || r.Status != scrutineer.ReviewClosed {
			t.Fatalf("close: %v", err)
		}
		if r, err := w.work.Close(w.manager, alt.ID); err != nil || r.Status != scrutineer.ReviewClosed {
			t.Fatalf("close the alternative approach: %v", err)
		}
		acts := reviewAudit(t, db, full.ID)
		for _, a := range []string{"learning_review.appraisal_start", "learning_review.appraisal_rate", "learning_review.observations_submit",
			"learning_review.observations_return", "learning_review.observations_issue", "learning_review.close"} {
			if !contains(acts, a) {
				t.Errorf("audit has no %s: %v", a, acts)
			}
		}
	})
}

func TestAppraisalCriteriaSettings(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newRegulatorWorld(t, db)
		cs, err := w.work.Criteria(w.manager, true)
		if err != nil || len(cs) != 7 {
			t.Fatalf("criteria: %d %v", len(cs), err)
		}
		if err := w.work.SaveCriteria(w.inspector, cs); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Fatalf("inspector saved settings: %v", err)
		}
		cs[0].Label, cs[0].Position = "A systemic approach", 9
		cs[1].Active = false
		cs = append(cs, scrutineer.AppraisalCriterion{Label: "Learning shared", Position: 8, Active: true})
		if err := w.work.SaveCriteria(w.admin, cs); err != nil {
			t.Fatal(err)
		}
		active, err := w.work.Criteria(w.manager, false)
		if err != nil || len(active) != 7 || active[len(active)-1].Label != "A systemic approach" || active[len(active)-2].Code != "learning_shared" {
			t.Fatalf("after save: %+v %v", active, err)
		}
		bad := append([]scrutineer.AppraisalCriterion(nil), active...)
		bad[0].Label = ""
		if err := w.work.SaveCriteria(w.manager, bad); scrutineer.ErrorCode(err) != scrutineer.EINVALID {
			t.Fatalf("empty wording saved: %v", err)
		}
		// The sync leaves the regulator's changes alone.
		if _, err := store.SyncAppraisalCriteria(w.system, db); err != nil {
			t.Fatal(err)
		}
		again, _ := w.work.Criteria(w.manager, false)
		if len(again) != 7 {
			t.Fatalf("sync brought back a retired item: %d active", len(again))
		}
	})
}
