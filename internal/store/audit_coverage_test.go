package store_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// auditCase is one store method that changes a record, and the entry it must leave
// in the audit trail in the same transaction.
type auditCase struct {
	method     string // the store method under test, for TestEveryChangingMethodIsCovered
	action     string
	targetType string
	system     bool // the service acts, rather than an administrator
	// prepare makes what the change needs and returns an identifier it uses.
	prepare func(t *testing.T, w *auditWorld) string
	// change makes the change and returns the target the entry must name.
	change func(ctx context.Context, w *auditWorld, id string) (string, error)
}

// auditWorld is a database with an administrator, a few organisations and the stores.
type auditWorld struct {
	db    *store.DB
	orgs  *store.Organisations
	jobs  *store.Jobs
	audit *store.Audit
	admin *scrutineer.User
	sys   context.Context
}

func newAuditWorld(t *testing.T, db *store.DB) *auditWorld {
	t.Helper()
	w := &auditWorld{db: db, orgs: store.NewOrganisations(db), jobs: store.NewJobs(db), audit: store.NewAudit(db),
		sys: auth.SystemContext(context.Background())}
	reg := testutil.MustCreateOrganisation(t, db, "regulator", scrutineer.KindRegulator)
	w.admin = testutil.MustCreateUser(t, db, "admin@example.org", reg, scrutineer.RoleAdmin)
	return w
}

func (w *auditWorld) email(t *testing.T) string {
	t.Helper()
	id, err := w.jobs.EnqueueEmail(w.sys, &scrutineer.Email{To: "officer@example.org", Subject: "About your review", Text: "Hello"})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

var auditCases = []auditCase{
	{method: "CreateOrganisation", action: "organisation.create", targetType: "organisation",
		change: func(ctx context.Context, w *auditWorld, _ string) (string, error) {
			o := &scrutineer.Organisation{Slug: "new-body", Name: "New Body", Kind: scrutineer.KindPartnerScrutinyBody}
			err := w.orgs.CreateOrganisation(ctx, o, "A new partner")
			return o.ID, err
		}},
	{method: "UpdateOrganisation", action: "organisation.update", targetType: "organisation",
		prepare: func(t *testing.T, w *auditWorld) string {
			return testutil.MustCreateOrganisation(t, w.db, "old-name", scrutineer.KindHealthBoard).Slug
		},
		change: func(ctx context.Context, w *auditWorld, slug string) (string, error) {
			o, err := w.orgs.UpdateOrganisation(ctx, slug, scrutineer.OrganisationUpdate{Name: "A Better Name", Status: scrutineer.StatusActive, Version: 1, Reason: "Renamed by the board"})
			if err != nil {
				return "", err
			}
			return o.ID, nil
		}},
	{method: "MergeOrganisation", action: "organisation.merge", targetType: "organisation",
		prepare: func(t *testing.T, w *auditWorld) string {
			testutil.MustCreateOrganisation(t, w.db, "into-ppc", scrutineer.KindPublicProtectionCommittee)
			return testutil.MustCreateOrganisation(t, w.db, "from-cpc", scrutineer.KindChildProtectionCommittee).Slug
		},
		change: func(ctx context.Context, w *auditWorld, slug string) (string, error) {
			o, err := w.orgs.MergeOrganisation(ctx, slug, "into-ppc", 1, "The committees combined")
			if err != nil {
				return "", err
			}
			return o.ID, nil
		}},
	{method: "AddMissingOrganisations", action: "directory.sync", targetType: "organisation", system: true,
		change: func(ctx context.Context, w *auditWorld, _ string) (string, error) {
			o := &scrutineer.Organisation{Slug: "reference-body", Name: "Reference Body", Kind: scrutineer.KindHealthBoard}
			_, err := w.orgs.AddMissingOrganisations(ctx, []*scrutineer.Organisation{o}, "Reference data")
			return o.ID, err
		}},
	{method: "EnqueueJob", action: "job.queue", targetType: "job",
		change: func(ctx context.Context, w *auditWorld, _ string) (string, error) {
			j := &scrutineer.Job{Kind: scrutineer.JobSendEmail, Payload: []byte(`{"email_id":"none"}`)}
			err := w.jobs.EnqueueJob(ctx, j)
			return j.ID, err
		}},
	{method: "RetryJob", action: "job.retry", targetType: "job",
		prepare: func(t *testing.T, w *auditWorld) string {
			t.Helper()
			j := &scrutineer.Job{Kind: scrutineer.JobSendEmail, Payload: []byte(`{"email_id":"none"}`)}
			if err := w.jobs.EnqueueJob(w.sys, j); err != nil {
				t.Fatal(err)
			}
			for {
				c, err := w.jobs.Claim(w.sys, "worker-1", time.Minute)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := w.jobs.Fail(w.sys, c.ID, "worker-1", "no mail server answered", true); err != nil {
					t.Fatal(err)
				}
				if c.ID == j.ID {
					return j.ID
				}
			}
		},
		change: func(ctx context.Context, w *auditWorld, id string) (string, error) {
			return id, w.jobs.RetryJob(ctx, id)
		}},
	{method: "EnqueueEmail", action: "email.queue", targetType: "email", system: true,
		change: func(ctx context.Context, w *auditWorld, _ string) (string, error) {
			return w.jobs.EnqueueEmail(ctx, &scrutineer.Email{To: "someone@example.org", Subject: "Hello", Text: "Hello"})
		}},
	{method: "FindEmailByID", action: "email.view", targetType: "email",
		prepare: func(t *testing.T, w *auditWorld) string { return w.email(t) },
		change: func(ctx context.Context, w *auditWorld, id string) (string, error) {
			_, err := w.jobs.FindEmailByID(ctx, id)
			return id, err
		}},
	{method: "MarkEmail", action: "email.kept", targetType: "email", system: true,
		prepare: func(t *testing.T, w *auditWorld) string { return w.email(t) },
		change: func(ctx context.Context, w *auditWorld, id string) (string, error) {
			return id, w.jobs.MarkEmail(ctx, id, scrutineer.EmailKept)
		}},
	{method: "Prune", action: "outbox.prune", system: true,
		prepare: func(t *testing.T, w *auditWorld) string {
			t.Helper()
			if err := w.jobs.MarkEmail(w.sys, w.email(t), scrutineer.EmailSent); err != nil {
				t.Fatal(err)
			}
			return ""
		},
		change: func(ctx context.Context, w *auditWorld, _ string) (string, error) {
			_, n, err := w.jobs.Prune(ctx, time.Now().Add(time.Hour))
			if err == nil && n == 0 {
				err = scrutineer.Errorf(scrutineer.EINTERNAL, "pruned no email")
			}
			return "", err
		}},
}

// TestEveryChangeIsAudited runs each changing store method twice: first while the
// database refuses new audit entries, when the change must fail and leave every table
// as it was (so the entry is written in the change's own transaction), then normally,
// when the entry must name the right action, actor and target.
func TestEveryChangeIsAudited(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newAuditWorld(t, db)
		for _, c := range auditCases {
			t.Run(c.method, func(t *testing.T) {
				ctx := scrutineer.NewContextWithUser(context.Background(), w.admin)
				if c.system {
					ctx = w.sys
				}
				var id string
				if c.prepare != nil {
					id = c.prepare(t, w)
				}
				blockAudit(t, db)
				before := testutil.Fingerprint(t, db)
				_, err := c.change(ctx, w, id)
				after := testutil.Fingerprint(t, db)
				unblockAudit(t, db)
				if err == nil {
					t.Fatal("the change went through although its audit entry could not be written")
				}
				if before != after {
					t.Fatal("the change was kept although its audit entry could not be written")
				}
				target, err := c.change(ctx, w, id)
				if err != nil {
					t.Fatal(err)
				}
				got, err := w.audit.FindAudit(w.sys, scrutineer.AuditFilter{Action: c.action, TargetType: c.targetType, TargetID: target, Limit: 1})
				if err != nil || len(got) != 1 {
					t.Fatalf("no %s entry for %s %q: %v", c.action, c.targetType, target, err)
				}
				e := got[0]
				switch {
				case c.system && (e.ActorLabel != "system" || e.ActorID != ""):
					t.Errorf("actor %q %q, want the system", e.ActorLabel, e.ActorID)
				case !c.system && (e.ActorID != w.admin.ID || e.Names.ActorName != w.admin.Name || e.Names.ActorEmail != w.admin.Email):
					t.Errorf("actor %q (%q), want the administrator", e.ActorID, e.Names.ActorName)
				case e.Outcome != scrutineer.OutcomeSuccess || e.Detail == "":
					t.Errorf("outcome %q, detail %q", e.Outcome, e.Detail)
				}
				if c.targetType == "organisation" && (e.OrganisationID != target || e.Names.TargetSlug == "") {
					t.Errorf("organisation %q, target slug %q", e.OrganisationID, e.Names.TargetSlug)
				}
			})
		}
		if broken, _, err := w.audit.VerifyAudit(w.sys); err != nil || broken != 0 {
			t.Fatalf("chain broken at %d: %v", broken, err)
		}
	})
}

// notAudited are the changing methods that leave no entry of their own, and why.
var notAudited = map[string]string{
	"EnqueueTx":      "runs inside the transaction of the change that causes it, which is audited",
	"EnqueueEmailTx": "runs inside the transaction of the change that causes it, which is audited",
	"Claim":          "worker bookkeeping: each attempt of a job; the job's effect is audited (MarkEmail)",
	"Complete":       "worker bookkeeping: the job's effect is audited (MarkEmail)",
	"Fail":           "worker bookkeeping: attempts and errors stay on the job itself",
	"Release":        "worker bookkeeping: a stopping worker hands its job back unchanged",
	"ReapExpired":    "worker bookkeeping: a crashed worker's job is queued again",
	"OnEnqueue":      "sets an in-process hook; changes no record",
	"ScheduleRun":    "worker bookkeeping: queues the next run of a periodic job; what each run changes is audited",
}

// TestEveryChangingMethodIsCovered fails when a store method is added to the
// organisation or jobs stores without a case in auditCases, a place in notAudited,
// or a name that says it only reads.
func TestEveryChangingMethodIsCovered(t *testing.T) {
	covered := map[string]bool{}
	for _, c := range auditCases {
		covered[c.method] = true
	}
	for _, typ := range []reflect.Type{reflect.TypeFor[*store.Organisations](), reflect.TypeFor[*store.Jobs]()} {
		for i := range typ.NumMethod() {
			name := typ.Method(i).Name
			reads := strings.HasPrefix(name, "Find") || strings.HasPrefix(name, "Count") || name == "OrganisationHistory" || name == "Backoff"
			if !reads && !covered[name] && notAudited[name] == "" {
				t.Errorf("%s.%s changes records but has no case in auditCases: add one", typ.Elem().Name(), name)
			}
		}
	}
}

func TestReadingAnEmailToSendItIsNotAViewing(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newAuditWorld(t, db)
		id := w.email(t)
		if _, err := w.jobs.FindEmailByID(w.sys, id); err != nil {
			t.Fatal(err)
		}
		got, err := w.audit.FindAudit(w.sys, scrutineer.AuditFilter{Action: "email.view"})
		if err != nil || len(got) != 0 {
			t.Fatalf("the worker's read was recorded as a viewing: %d, %v", len(got), err)
		}
	})
}

// blockAudit makes the database refuse new audit entries, as a full disk or a lost
// connection would in the middle of a change.
func blockAudit(t *testing.T, db *store.DB) {
	t.Helper()
	stmts := []string{`CREATE TRIGGER audit_log_test_block BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'blocked by the test'); END`}
	if db.Engine() == store.Postgres {
		stmts = []string{
			`CREATE OR REPLACE FUNCTION audit_log_test_block() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'blocked by the test'; END; $$`,
			`CREATE TRIGGER audit_log_test_block BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_test_block()`,
		}
	}
	for _, s := range stmts {
		if _, err := store.ExecForTest(db, s); err != nil {
			t.Fatal(err)
		}
	}
}

func unblockAudit(t *testing.T, db *store.DB) {
	t.Helper()
	s := `DROP TRIGGER audit_log_test_block`
	if db.Engine() == store.Postgres {
		s += ` ON audit_log`
	}
	if _, err := store.ExecForTest(db, s); err != nil {
		t.Fatal(err)
	}
}
