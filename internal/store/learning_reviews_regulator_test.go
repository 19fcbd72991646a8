package store_test

import (
	"context"
	"database/sql"
	"sync"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// regulatorWorld adds a manager, a second inspector and an analyst to reviewWorld,
// and the stores of the regulator's work and of messages.
type regulatorWorld struct {
	*reviewWorld
	work                         *store.ReviewRegulator
	messages                     *store.ReviewMessages
	manager, inspector2, analyst context.Context
	system                       context.Context
}

func newRegulatorWorld(t *testing.T, db *store.DB) *regulatorWorld {
	t.Helper()
	w := newReviewWorld(t, db)
	reg, err := store.NewOrganisations(db).FindOrganisationBySlug(auth.SystemContext(context.Background()), "regulator")
	if err != nil {
		t.Fatal(err)
	}
	as := func(email string, role scrutineer.Role) context.Context {
		return scrutineer.NewContextWithUser(context.Background(), testutil.MustCreateUser(t, db, email, reg, role))
	}
	jobs := store.NewJobs(db)
	rw := &regulatorWorld{reviewWorld: w, work: store.NewReviewRegulator(db, jobs, "https://scrutineer.example/"),
		messages: store.NewReviewMessages(db, jobs, "https://scrutineer.example"),
		manager:  as("manager@example.org", scrutineer.RoleManager), inspector2: as("insp2@example.org", scrutineer.RoleInspector),
		analyst: as("analyst@example.org", scrutineer.RoleAnalyst), system: auth.SystemContext(context.Background())}
	if _, err := store.SyncAppraisalCriteria(rw.system, db); err != nil {
		t.Fatal(err)
	}
	return rw
}

// notified drafts and notifies a Glasgow review with decision; with outcome, its
// outcome is recorded as notified (the committee's outcome journey is another
// part's store, so the test sets the columns it leaves).
func (w *regulatorWorld) notified(t *testing.T, decision string, outcome bool) *scrutineer.LearningReview {
	t.Helper()
	r := w.draft(t, w.glasgow, "child")
	if _, err := w.reviews.Update(w.glasgow, r.ID, complete()); err != nil {
		t.Fatal(err)
	}
	in := scrutineer.ReviewDecisionInput{Decision: decision, DecidedOn: "2026-03-20", Reasons: "Threshold not met."}
	if _, err := w.reviews.NotifyDecision(w.glasgow, r.ID, in); err != nil {
		t.Fatal(err)
	}
	if outcome {
		err := w.db.WriteTx(context.Background(), func(tx *sql.Tx) error {
			_, err := tx.Exec(`UPDATE learning_reviews SET status = 'outcome_notified', completed_on = '2026-05-01', ratified_on = '2026-05-20', outcome_on = '2026-05-25' WHERE id = $1`, r.ID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func userOf(ctx context.Context) *scrutineer.User { return scrutineer.UserFromContext(ctx) }

func countEmails(t *testing.T, db *store.DB, subjectLike string) int {
	t.Helper()
	var n int
	if err := db.Reader().QueryRow(`SELECT count(*) FROM emails WHERE subject LIKE $1`, subjectLike).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestTriageAssignAndAcknowledge(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newRegulatorWorld(t, db)
		full := w.notified(t, "full_review", true)
		none := w.notified(t, "no_review", false)
		today := scrutineer.Today(db.Now())

		items, err := w.work.Triage(w.inspector, today)
		if err != nil {
			t.Fatal(err)
		}
		// Oldest first: the outcome (notified 2026-05-25) before the decision (today).
		if len(items) != 2 || items[0].Review.ID != full.ID || items[1].Review.ID != none.ID || items[0].AgeDays != 21 {
			t.Fatalf("triage = %+v, want the outcome then the decision", items)
		}
		_, err = w.work.Triage(w.glasgow, today)
		wantCode(t, err, scrutineer.ENOTFOUND)

		// An inspector takes one; another inspector cannot take it from them.
		insp := userOf(w.inspector)
		if _, err := w.work.Assign(w.inspector, full.ID, insp.ID); err != nil {
			t.Fatal(err)
		}
		_, err = w.work.Assign(w.inspector2, full.ID, userOf(w.inspector2).ID)
		wantCode(t, err, scrutineer.ECONFLICT)
		_, err = w.work.Assign(w.inspector, none.ID, userOf(w.inspector2).ID)
		wantCode(t, err, scrutineer.ECONFLICT)
		// A manager reassigns; a manager is not an inspector to assign.
		got, err := w.work.Assign(w.manager, full.ID, userOf(w.inspector2).ID)
		if err != nil || got.AssigneeID != userOf(w.inspector2).ID || got.Status != scrutineer.ReviewOutcomeNotified {
			t.Fatalf("reassign: %v %+v", err, got)
		}
		_, err = w.work.Assign(w.manager, full.ID, userOf(w.manager).ID)
		wantCode(t, err, scrutineer.EINVALID)
		if n := countEmails(t, db, "Learning review % is assigned to you"); n != 2 {
			t.Fatalf("%d assignment emails, want 2", n)
		}

		// Acknowledgements: two servers at once send each exactly once.
		var wg sync.WaitGroup
		counts := make([]int, 2)
		for i := range counts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := w.work.Acknowledge(w.system)
				if err != nil {
					t.Error(err)
				}
				counts[i] = n
			}()
		}
		wg.Wait()
		if counts[0]+counts[1] != 2 {
			t.Fatalf("acknowledged %v, want 2 in all", counts)
		}
		if n, err := w.work.Acknowledge(w.system); err != nil || n != 0 {
			t.Fatalf("second run acknowledged %d (%v)", n, err)
		}
		if n := countEmails(t, db, "Learning review % notification received"); n != 2 {
			t.Fatalf("%d acknowledgement emails, want 2 (one officer per review)", n)
		}
		_, err = w.work.Acknowledge(w.manager)
		wantCode(t, err, scrutineer.ENOTFOUND)
		r, err := w.reviews.Find(w.inspector, full.ID)
		if err != nil || r.AcknowledgedAt.IsZero() {
			t.Fatalf("acknowledged at not set: %v", err)
		}
		// Assigned and acknowledged: only the unassigned no-review decision is left.
		items, _ = w.work.Triage(w.manager, today)
		if len(items) != 1 || items[0].Review.ID != none.ID {
			t.Fatalf("triage after = %d items", len(items))
		}

		// The regulator closes the no-review decision, not a full review's outcome.
		closed, err := w.work.Close(w.manager, none.ID)
		if err != nil || closed.Status != scrutineer.ReviewClosed || closed.ClosedOn != "2026-06-15" {
			t.Fatalf("close: %v %+v", err, closed)
		}
		_, err = w.work.Close(w.manager, full.ID)
		wantCode(t, err, scrutineer.ECONFLICT)
		// The first inspector is no longer assigned: not found for them.
		_, err = w.work.StartAppraisal(w.inspector, full.ID)
		wantCode(t, err, scrutineer.ENOTFOUND)
		if acts := reviewAudit(t, db, full.ID); !contains(acts, "learning_review.assign") || !contains(acts, "learning_review.acknowledge") {
			t.Fatalf("audit = %v", acts)
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestTriageUsesTheRegulatorsServiceLevels: the overdue flags of triage follow
// the service levels the regulator set, not the defaults.
func TestTriageUsesTheRegulatorsServiceLevels(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newRegulatorWorld(t, db)
		w.notified(t, "full_review", true) // ratified 2026-05-20, outcome notified 2026-05-25
		today := scrutineer.Today(db.Now())
		items, err := w.work.Triage(w.manager, today)
		// The decision came late (referral 2026-03-10, notified 2026-06-15); with
		// the 7-day default the outcome (ratified 05-20, notified 05-25) did not.
		if err != nil || len(items) != 1 || len(items[0].Overdue) != 1 {
			t.Fatalf("with the defaults only the decision is late: %+v %v", items, err)
		}
		levels := scrutineer.ServiceLevelDays(map[string]int{"outcome": 2, "reminder_before": 1})
		if err := store.NewReviewDeadlines(db, nil, "").SetServiceLevels(w.admin, levels); err != nil {
			t.Fatal(err)
		}
		items, err = w.work.Triage(w.manager, today)
		if err != nil || len(items) != 1 || len(items[0].Overdue) != 2 || items[0].Overdue[1] != "outcome" {
			t.Fatalf("with 2 days the outcome is late too: %+v %v", items[0].Overdue, err)
		}
	})
}
