package store_test

import (
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

func TestReviewMessages(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newRegulatorWorld(t, db)
		r := w.notified(t, "full_review", false)
		if _, err := w.messages.PostMessage(w.glasgow, r.ID, "When is the report due?"); err != nil {
			t.Fatal(err)
		}
		// Before assignment the managers are told; the manager sees it unread.
		if n := countEmails(t, db, "New message about learning review %"); n != 1 {
			t.Fatalf("%d emails, want 1 (the manager)", n)
		}
		unread, err := w.messages.Unread(w.manager)
		if err != nil || len(unread) != 1 || unread[0].Count != 1 || unread[0].ReviewID != r.ID {
			t.Fatalf("manager unread = %+v %v", unread, err)
		}
		if u, _ := w.messages.Unread(w.inspector); len(u) != 0 {
			t.Fatalf("unassigned inspector sees %+v", u)
		}
		_, err = w.messages.PostMessage(w.analyst, r.ID, "Hello")
		wantCode(t, err, scrutineer.EFORBIDDEN)
		_, err = w.messages.PostMessage(w.edinburgh, r.ID, "Hello")
		wantCode(t, err, scrutineer.ENOTFOUND)
		_, err = w.messages.PostMessage(w.glasgow, r.ID, "  ")
		wantCode(t, err, scrutineer.EINVALID)
		// The analyst reading does not mark it read; the committee's own view neither.
		if _, err := w.messages.OpenThread(w.analyst, r.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.messages.OpenThread(w.glasgow, r.ID); err != nil {
			t.Fatal(err)
		}
		if u, _ := w.messages.Unread(w.manager); len(u) != 1 {
			t.Fatalf("read by the wrong side: %+v", u)
		}
		thread, err := w.messages.OpenThread(w.manager, r.ID)
		if err != nil || len(thread) != 1 || thread[0].FromRegulator || thread[0].AuthorName == "" {
			t.Fatalf("thread = %+v %v", thread, err)
		}
		if u, _ := w.messages.Unread(w.manager); len(u) != 0 {
			t.Fatalf("still unread after opening: %+v", u)
		}
		if _, err := w.messages.PostMessage(w.manager, r.ID, "Within seven days of ratification."); err != nil {
			t.Fatal(err)
		}
		if u, _ := w.messages.Unread(w.glasgow); len(u) != 1 || u[0].Count != 1 {
			t.Fatalf("committee unread = %+v", u)
		}
		if u, _ := w.messages.Unread(w.edinburgh); len(u) != 0 {
			t.Fatalf("another committee sees %+v", u)
		}
		if n := countEmails(t, db, "New message about learning review %"); n != 2 {
			t.Fatalf("%d emails, want 2", n)
		}
		var body string
		db.Reader().QueryRow(`SELECT body_text FROM emails ORDER BY created_at DESC LIMIT 1`).Scan(&body)
		if body == "" || strings.Contains(body, "seven days") {
			t.Fatalf("the email carries the message: %q", body)
		}
		if acts := reviewAudit(t, db, r.ID); !contains(acts, "learning_review.message") || !contains(acts, "learning_review.messages_read") {
			t.Fatalf("audit = %v", acts)
		}
	})
}

// TestCommitteeWorkPlans: on SQLite a committee's dashboards read indexes that grow
// with its open reviews, not with every review it has had. The unread counts start
// from the caller's own reviews and read only their unread messages (reading every
// unread message in the country first cost the dashboard a third of its time under
// load); the lists of reviews in progress read the partial index of open reviews.
func TestCommitteeWorkPlans(t *testing.T) {
	db := testutil.NewSQLite(t)
	plan := func(query string, args ...any) string {
		t.Helper()
		rows, err := db.Reader().Query(`EXPLAIN QUERY PLAN `+query, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var steps []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			steps = append(steps, detail)
		}
		return strings.Join(steps, "\n")
	}
	for _, own := range []string{`r.committee_id = $1`, `r.assignee_id = $1`} {
		p := plan(store.UnreadFromOwnReviews(own), "x", true)
		first, messages := strings.Index(p, "SEARCH r USING"), strings.Index(p, "INDEX review_messages_unread_by_review")
		if first < 0 || messages < first {
			t.Errorf("%s: plan does not read the reviews first, then their unread messages:\n%s", own, p)
		}
	}
	if p := plan(store.UnreadFromOwnReviews(`r.committee_id = $1`), "x", true); !strings.Contains(p, "COVERING INDEX learning_reviews_committee_ids") {
		t.Errorf("the committee's review ids are not read from an index alone:\n%s", p)
	}
	for _, scope := range []scrutineer.ReviewScope{scrutineer.ReviewsInProgress, scrutineer.ReviewsWithOpenDeadlines} {
		if p := plan(store.DeadlinesQuery(scope), "x"); !strings.Contains(p, "INDEX learning_reviews_in_progress") {
			t.Errorf("scope %d does not read the open reviews' index:\n%s", scope, p)
		}
	}
}
