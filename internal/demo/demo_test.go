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

func TestSeedIsIdempotent(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := auth.SystemContext(context.Background())
		orgs, users, jobs := store.NewOrganisations(db), store.NewUsers(db), store.NewJobs(db)
		if _, err := directory.Sync(ctx, orgs); err != nil {
			t.Fatal(err)
		}
		stores := demo.Stores{Users: users, Organisations: orgs, Emails: jobs}
		for range 2 {
			accounts, err := demo.Seed(ctx, stores)
			if err != nil {
				t.Fatal(err)
			}
			if len(accounts) != len(demo.Accounts) {
				t.Fatalf("%d accounts", len(accounts))
			}
		}
		for _, a := range demo.Accounts {
			u, err := users.Authenticate(ctx, a.Email, demo.Password)
			if err != nil {
				t.Fatalf("%s cannot sign in: %v", a.Email, err)
			}
			if !u.Has(a.Role) || u.Organisation.Slug != a.OrganisationSlug {
				t.Errorf("%s: roles %v in %s", a.Email, u.Roles, u.Organisation.Slug)
			}
		}
		emails, err := jobs.FindEmails(ctx, scrutineer.EmailFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(emails) != len(demo.Accounts) {
			t.Errorf("%d welcome emails after seeding twice, want %d", len(emails), len(demo.Accounts))
		}
	})
}
