package web

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
)

// TestAdministratorsActionsAreAudited does through the web what an administrator
// does and finds each action in the trail with the administrator as actor, the
// record as target and the request it came from.
func TestAdministratorsActionsAreAudited(t *testing.T) {
	as := newAuditServer(t)
	sys := auth.SystemContext(context.Background())
	jobs := store.NewJobs(as.db)
	orgs := store.NewOrganisations(as.db)

	emailID, err := jobs.EnqueueEmail(sys, &scrutineer.Email{To: "officer@example.org", Subject: "About your review", Text: "Hello"})
	if err != nil {
		t.Fatal(err)
	}
	claimed, err := jobs.Claim(sys, "worker-1", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := jobs.Fail(sys, claimed.ID, "worker-1", "no mail server answered", true); err != nil {
		t.Fatal(err)
	}
	fife, err := orgs.FindOrganisationBySlug(sys, "fife-apc")
	if err != nil {
		t.Fatal(err)
	}

	steps := []struct {
		method, path string
		form         url.Values
		action       string
		targetType   string
		target       func() string
	}{
		{"POST", "/admin/organisations/new", url.Values{"slug": {"test-new-body"}, "name": {"Test New Body"}, "kind": {"partner_scrutiny_body"}, "reason": {"A new partner"}},
			"organisation.create", "organisation", func() string {
				o, err := orgs.FindOrganisationBySlug(sys, "test-new-body")
				if err != nil {
					t.Fatal(err)
				}
				return o.ID
			}},
		{"POST", "/admin/organisations/fife-apc/edit", url.Values{"name": {"Fife Adult Protection Committee (renamed)"}, "status": {"active"}, "version": {"1"}, "reason": {"Renamed by the committee"}},
			"organisation.update", "organisation", func() string { return fife.ID }},
		{"GET", "/admin/outbox/" + emailID, nil, "email.view", "email", func() string { return emailID }},
		{"POST", "/admin/jobs/" + claimed.ID + "/retry", url.Values{}, "job.retry", "job", func() string { return claimed.ID }},
	}
	for _, st := range steps {
		w := as.do(t, st.method, st.path, st.form, as.admin)
		if w.Code != http.StatusOK && w.Code != http.StatusSeeOther {
			t.Fatalf("%s %s: %d %s", st.method, st.path, w.Code, w.Body)
		}
		target := st.target()
		got, err := as.audit.FindAudit(sys, scrutineer.AuditFilter{Action: st.action, TargetType: st.targetType, TargetID: target, Limit: 1})
		if err != nil || len(got) != 1 {
			t.Fatalf("%s: %d entries for %s, %v", st.action, len(got), target, err)
		}
		e := got[0]
		if e.ActorID != as.user.ID || e.ActorLabel != "user" || e.RequestID != w.Header().Get("X-Request-Id") || e.ClientAddr != "192.0.2.1" {
			t.Errorf("%s: actor %q (%s), request %q, client %q", st.action, e.ActorID, e.ActorLabel, e.RequestID, e.ClientAddr)
		}
	}

	body := as.page(t, "/admin/audit?actor=admin@example.org", http.StatusOK, as.admin)
	wantIn(t, auditTable(body), "Organisation added", "Organisation changed", "Email read in the outbox", "Failed job tried again",
		`href="/admin/organisations/test-new-body"`, `href="/admin/outbox/`+emailID+`"`)
}

func TestSigningOutIsAudited(t *testing.T) {
	as := newAuditServer(t)
	w := as.do(t, "POST", "/logout", url.Values{}, as.admin)
	if w.Code != http.StatusSeeOther {
		t.Fatalf("logout: %d", w.Code)
	}
	got, err := as.audit.FindAudit(auth.SystemContext(context.Background()), scrutineer.AuditFilter{Action: "session.end"})
	if err != nil || len(got) != 1 {
		t.Fatalf("%d entries, %v", len(got), err)
	}
	if e := got[0]; e.ActorID != as.user.ID || e.TargetID != as.user.ID || e.Detail != "Signed out" || e.RequestID != w.Header().Get("X-Request-Id") {
		t.Errorf("entry %+v", e)
	}
	if w := as.do(t, "GET", "/dashboard", nil, as.admin); w.Code != http.StatusSeeOther {
		t.Errorf("the session outlived signing out: %d", w.Code)
	}
}
