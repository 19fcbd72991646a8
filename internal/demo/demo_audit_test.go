package demo_test

import (
	"context"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/demo"
	"github.com/scrutineer/scrutineer/internal/directory"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestSeedIsAuditedAsTheService checks that each demo account and welcome email the
// seed creates is on record with the service itself as the actor, once.
func TestSeedIsAuditedAsTheService(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := auth.SystemContext(context.Background())
		orgs, audit := store.NewOrganisations(db), store.NewAudit(db)
		if _, err := directory.Sync(ctx, orgs); err != nil {
			t.Fatal(err)
		}
		stores := demo.Stores{Users: store.NewUsers(db), Organisations: orgs, Emails: store.NewJobs(db), Audit: audit}
		for range 2 {
			if _, err := demo.Seed(ctx, stores); err != nil {
				t.Fatal(err)
			}
		}
		for action, want := range map[string]int{"demo.seed": len(demo.Accounts), "email.queue": len(demo.Accounts)} {
			got, err := audit.FindAudit(ctx, scrutineer.AuditFilter{Action: action})
			if err != nil || len(got) != want {
				t.Fatalf("%s: %d entries after seeding twice, want %d: %v", action, len(got), want, err)
			}
			for _, e := range got {
				if e.ActorLabel != "system" || e.ActorID != "" || e.TargetID == "" {
					t.Errorf("%s: actor %q %q, target %q", action, e.ActorLabel, e.ActorID, e.TargetID)
				}
			}
		}
		got, _ := audit.FindAudit(ctx, scrutineer.AuditFilter{Action: "demo.seed", Limit: 1})
		if got[0].Names.TargetName == "" || got[0].Names.OrganisationSlug == "" {
			t.Errorf("the entry names no account or organisation: %+v", got[0].Names)
		}
	})
}
