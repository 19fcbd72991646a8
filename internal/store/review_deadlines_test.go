package store_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// deadlineWorld: the review world (clock 2026-06-15) with a manager and an analyst,
// the deadlines store, and three full reviews of Glasgow's whose completion is due
// in two days (soon), passed four days ago (late) and passed in December (old).
type deadlineWorld struct {
	*reviewWorld
	deadlines        *store.ReviewDeadlines
	manager, analyst context.Context
	soon, late, old  string
}

func newDeadlineWorld(t *testing.T, db *store.DB) *deadlineWorld {
	t.Helper()
	w := &deadlineWorld{reviewWorld: newReviewWorld(t, db), deadlines: store.NewReviewDeadlines(db, store.NewJobs(db), "https://scrutineer.example")}
	reg, err := store.NewOrganisations(db).FindOrganisationBySlug(auth.SystemContext(context.Background()), "regulator")
	if err != nil {
		t.Fatal(err)
	}
	w.manager = scrutineer.NewContextWithUser(context.Background(), testutil.MustCreateUser(t, db, "man@example.org", reg, scrutineer.RoleManager))
	w.analyst = scrutineer.NewContextWithUser(context.Background(), testutil.MustCreateUser(t, db, "ana@example.org", reg, scrutineer.RoleAnalyst))
	if err := w.deadlines.SeedServiceLevels(auth.SystemContext(context.Background())); err != nil {
		t.Fatal(err)
	}
	full := func(decided string) string {
		r := &scrutineer.LearningReview{SubjectType: "child", AgeBand: "5_11", Sex: "male", EventType: "death", IncidentOn: "2025-05-01", ReferralOn: "2025-05-02"}
		if err := w.reviews.CreateDraft(w.glasgow, r); err != nil {
			t.Fatal(err)
		}
		if _, err := w.reviews.NotifyDecision(w.glasgow, r.ID, scrutineer.ReviewDecisionInput{Decision: "full_review", DecidedOn: decided}); err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	// Completion is due 183 days after the decision.
	w.soon, w.late, w.old = full("2025-12-16"), full("2025-12-10"), full("2025-06-01")
	return w
}

func TestServiceLevels(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newDeadlineWorld(t, db)
		days, err := w.deadlines.ServiceLevels(w.glasgow)
		if err != nil || days["outcome"] != 7 || days["decision"] != 28 {
			t.Fatalf("defaults: %v, %v", days, err)
		}
		set := map[string]int{"decision": 21, "completion": 180, "outcome": 7, "reminder_before": 5}
		if err := w.deadlines.SetServiceLevels(w.analyst, set); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Errorf("analyst sets levels: %v", err)
		}
		bad := map[string]int{"decision": 0, "completion": 180, "outcome": 7, "reminder_before": 7}
		err = w.deadlines.SetServiceLevels(w.manager, bad)
		if f := scrutineer.ErrorFields(err); f["decision"] == "" || f["reminder_before"] == "" {
			t.Errorf("invalid levels: %v %v", err, f)
		}
		if err := w.deadlines.SetServiceLevels(w.manager, set); err != nil {
			t.Fatal(err)
		}
		if days, _ := w.deadlines.ServiceLevels(w.glasgow); days["decision"] != 21 || days["reminder_before"] != 5 {
			t.Errorf("after setting: %v", days)
		}
		var detail string
		if err := db.Reader().QueryRow(`SELECT detail FROM audit_log WHERE action = 'review_service_levels.update'`).Scan(&detail); err != nil ||
			detail != "Changed: decision 28 to 21 days, completion 183 to 180 days, reminder_before 3 to 5 days." {
			t.Errorf("audit %q, %v", detail, err)
		}
		if err := w.deadlines.SeedServiceLevels(auth.SystemContext(context.Background())); err != nil {
			t.Fatal(err)
		}
		if days, _ := w.deadlines.ServiceLevels(w.glasgow); days["decision"] != 21 {
			t.Errorf("seeding again overwrote a setting: %v", days)
		}
	})
}

func TestRemindersSentOnce(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newDeadlineWorld(t, db)
		sys := auth.SystemContext(context.Background())
		if _, err := w.deadlines.SendReminders(w.manager); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Errorf("a person runs the reminders: %v", err)
		}
		// Two servers run the job at once: each reminder is recorded and sent once.
		var wg sync.WaitGroup
		sent := make([]int, 2)
		for i := range sent {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := w.deadlines.SendReminders(sys)
				if err != nil {
					t.Error(err)
				}
				sent[i] = n
			}()
		}
		wg.Wait()
		if sent[0]+sent[1] != 2 {
			t.Errorf("sent %v reminders, want 2 in all", sent)
		}
		if n, err := w.deadlines.SendReminders(sys); err != nil || n != 0 {
			t.Errorf("a later run sent %d (%v), want 0", n, err)
		}
		rows, err := db.Reader().Query(`SELECT review_id, deadline, kind FROM review_reminders ORDER BY kind`)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for rows.Next() {
			var id, deadline, kind string
			rows.Scan(&id, &deadline, &kind)
			got = append(got, id+" "+deadline+" "+kind)
		}
		rows.Close()
		want := []string{w.soon + " completion before", w.late + " completion overdue"}
		if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Errorf("reminders %v, want %v (the December deadline is past the catch-up window)", got, want)
		}
		var emails int
		var subject string
		if err := db.Reader().QueryRow(`SELECT count(*), MIN(subject) FROM emails WHERE recipient = 'gla@example.org'`).Scan(&emails, &subject); err != nil || emails != 2 {
			t.Errorf("%d emails to the committee officer (%v), want 2", emails, err)
		}
		if subject != "Learning review "+w.late[:8]+": overdue since 11 June 2026" && subject != "Learning review "+w.soon[:8]+": due on 17 June 2026" {
			t.Errorf("subject %q", subject)
		}
	})
}

func TestTimeliness(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newDeadlineWorld(t, db)
		if _, err := w.deadlines.Timeliness(w.glasgow); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Errorf("committee officer: %v", err)
		}
		tl, err := w.deadlines.Timeliness(w.analyst)
		if err != nil {
			t.Fatal(err)
		}
		byCode := map[string]scrutineer.DeadlineTimeliness{}
		for _, d := range tl.Deadlines {
			byCode[d.Code] = d
		}
		// Referred 2025-05-02, notified 2026-06-15: 409 days, late against 28.
		if d := byCode["decision"]; d.Late != 3 || d.OnTime != 0 || d.MedianDays != 409 {
			t.Errorf("decision: %+v", d)
		}
		if d := byCode["completion"]; d.OverdueNow != 2 || d.Pending != 1 || d.MedianDays != -1 {
			t.Errorf("completion: %+v", d)
		}
		if len(tl.Overdue) != 2 || tl.Overdue[0].ReviewID != w.old || tl.Overdue[1].ReviewID != w.late || tl.Overdue[1].DaysOverdue != 4 {
			t.Errorf("overdue, most first: %+v", tl.Overdue)
		}
	})
}

// TestListDeadlines: the narrow lists a committee dashboard counts from hold the
// officer's own committee's reviews, drafts included, with the fields deadlines and
// labels need and the same deadlines as the full record: in progress, every review
// not closed; open, the drafts and those with a deadline not met. Closed reviews
// come a page at a time. Others get not found.
func TestListDeadlines(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newDeadlineWorld(t, db)
		// A decision of no review, notified and closed: no deadline left open.
		settled := &scrutineer.LearningReview{SubjectType: "adult", AgeBand: "65_plus", Sex: "female", EventType: "significant_harm", IncidentOn: "2025-05-01", ReferralOn: "2025-05-02"}
		if err := w.reviews.CreateDraft(w.glasgow, settled); err != nil {
			t.Fatal(err)
		}
		if _, err := w.reviews.NotifyDecision(w.glasgow, settled.ID, scrutineer.ReviewDecisionInput{Decision: "no_review", DecidedOn: "2025-05-20", Reasons: "The criteria were not met."}); err != nil {
			t.Fatal(err)
		}
		if _, err := store.NewReviewRegulator(db, store.NewJobs(db), "https://scrutineer.example").Close(w.manager, settled.ID); err != nil {
			t.Fatal(err)
		}
		draft := w.draft(t, w.glasgow, "child")
		narrow, err := w.reviews.ListDeadlines(w.glasgow, scrutineer.ReviewsInProgress)
		if err != nil {
			t.Fatal(err)
		}
		full, err := w.reviews.List(w.glasgow, scrutineer.LearningReviewFilter{})
		if err != nil {
			t.Fatal(err)
		}
		current := slices.DeleteFunc(slices.Clone(full), func(r *scrutineer.LearningReview) bool { return r.Status == scrutineer.ReviewClosed })
		if len(narrow) != len(current) || len(narrow) < 4 || len(current) != len(full)-1 {
			t.Fatalf("%d narrow rows, %d in progress of %d", len(narrow), len(current), len(full))
		}
		days, today := scrutineer.ServiceLevelDays(nil), scrutineer.Today(time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC))
		for i, r := range narrow {
			f := current[i]
			if r.ID != f.ID || r.Status != f.Status || r.SubjectType != f.SubjectType || r.AgeBand != f.AgeBand || r.EventType != f.EventType ||
				!slices.Equal(r.Deadlines(days, today), f.Deadlines(days, today)) {
				t.Errorf("row %d: %+v differs from the full record's deadlines", i, r)
			}
		}
		if narrow[0].ID != draft.ID || narrow[0].Status != scrutineer.ReviewDraft {
			t.Errorf("the newest row is %s (%s), want the draft", narrow[0].ID, narrow[0].Status)
		}
		closed, more, err := w.reviews.ListClosed(w.glasgow, 1)
		if err != nil || more || len(closed) != 1 || closed[0].ID != settled.ID || closed[0].Decision != "no_review" {
			t.Fatalf("closed: %+v, more %v, %v", closed, more, err)
		}
		if beyond, more, err := w.reviews.ListClosed(w.glasgow, 2); err != nil || more || len(beyond) != 0 {
			t.Errorf("page 2 of closed: %d, more %v, %v", len(beyond), more, err)
		}
		// Open only: exactly the drafts and the reviews with a deadline not met.
		open, err := w.reviews.ListDeadlines(w.glasgow, scrutineer.ReviewsWithOpenDeadlines)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, f := range full {
			unmet := slices.ContainsFunc(f.Deadlines(days, today), func(d scrutineer.ReviewDeadline) bool { return d.MetOn == "" })
			if f.Status == scrutineer.ReviewDraft || unmet {
				want = append(want, f.ID)
			}
		}
		var got []string
		for _, r := range open {
			got = append(got, r.ID)
		}
		if !slices.Equal(got, want) || len(want) == len(full) || len(want) == 0 {
			t.Errorf("open only: %v, want %v (of %d)", got, want, len(full))
		}
		if _, _, err := w.reviews.ListClosed(w.analyst, 1); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Errorf("analyst lists closed reviews: %v", err)
		}
		if others, _, err := w.reviews.ListClosed(w.edinburgh, 1); err != nil || len(others) != 0 {
			t.Errorf("Edinburgh's officer lists closed reviews: %d, %v", len(others), err)
		}
		if _, err := w.reviews.ListDeadlines(w.analyst, scrutineer.ReviewsInProgress); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Errorf("analyst: %v", err)
		}
		other, err := w.reviews.ListDeadlines(w.edinburgh, scrutineer.ReviewsInProgress)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range other {
			if r.CommitteeID == narrow[0].CommitteeID {
				t.Errorf("Edinburgh's officer sees Glasgow's review %s", r.ID)
			}
		}
	})
}

// TestListClosedPages: one more closed review than a page holds makes a second page
// with it alone, the oldest; none is on both pages.
func TestListClosedPages(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newDeadlineWorld(t, db)
		regulator := store.NewReviewRegulator(db, store.NewJobs(db), "https://scrutineer.example")
		var ids []string
		for range scrutineer.ClosedReviewsPageSize + 1 {
			r := &scrutineer.LearningReview{SubjectType: "adult", AgeBand: "26_64", Sex: "male", EventType: "death", IncidentOn: "2025-05-01", ReferralOn: "2025-05-02"}
			if err := w.reviews.CreateDraft(w.glasgow, r); err != nil {
				t.Fatal(err)
			}
			if _, err := w.reviews.NotifyDecision(w.glasgow, r.ID, scrutineer.ReviewDecisionInput{Decision: "no_review", DecidedOn: "2025-05-20", Reasons: "The criteria were not met."}); err != nil {
				t.Fatal(err)
			}
			if _, err := regulator.Close(w.manager, r.ID); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, r.ID)
		}
		first, more, err := w.reviews.ListClosed(w.glasgow, 1)
		if err != nil || !more || len(first) != scrutineer.ClosedReviewsPageSize {
			t.Fatalf("page 1: %d, more %v, %v", len(first), more, err)
		}
		second, more, err := w.reviews.ListClosed(w.glasgow, 2)
		if err != nil || more || len(second) != 1 || second[0].ID != ids[0] {
			t.Fatalf("page 2: %+v, more %v, %v; want the oldest, %s", second, more, err, ids[0])
		}
		for _, r := range first {
			if r.ID == second[0].ID || r.Status != scrutineer.ReviewClosed {
				t.Errorf("page 1 holds %s (%s)", r.ID, r.Status)
			}
		}
	})
}
