package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// orgCountRows returns how many organisations and versions are stored.
func orgCountRows(t *testing.T, db *store.DB) (orgs, versions int) {
	t.Helper()
	r := db.Reader()
	if err := r.QueryRow(`SELECT count(*) FROM organisations`).Scan(&orgs); err != nil {
		t.Fatal(err)
	}
	if err := r.QueryRow(`SELECT count(*) FROM organisation_versions`).Scan(&versions); err != nil {
		t.Fatal(err)
	}
	return orgs, versions
}

func TestOrganisationsCreate(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		orgs := store.NewOrganisations(db)
		orgSync(t, orgs)
		o := &scrutineer.Organisation{Slug: "forth-valley-ppc", Name: "Forth Valley Public Protection Committee",
			Kind: scrutineer.KindPublicProtectionCommittee, Parent: &scrutineer.OrganisationRef{Slug: "falkirk-cog"},
			Areas: []scrutineer.OrganisationRef{{Slug: "stirling"}, {Slug: "falkirk"}, {Slug: "stirling"}}}
		if err := orgs.CreateOrganisation(orgAdmin(), o, "New combined committee"); err != nil {
			t.Fatal(err)
		}
		got := orgFind(t, orgs, "forth-valley-ppc")
		if got.ID != o.ID || got.Version != 1 || got.Status != scrutineer.StatusActive || got.ParentSlug() != "falkirk-cog" ||
			strings.Join(got.AreaSlugs(), " ") != "falkirk stirling" {
			t.Errorf("created: %+v", got)
		}
		if h := orgHistory(t, orgs, "forth-valley-ppc"); len(h) != 1 || h[0].Reason != "New combined committee" || h[0].ChangedBy != "Ada Admin" {
			t.Errorf("history: %+v", h)
		}
	})
}

func TestOrganisationsInvalidInputStoresNothing(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		orgs := store.NewOrganisations(db)
		orgSync(t, orgs)
		valid := func() *scrutineer.Organisation {
			return &scrutineer.Organisation{Slug: "new-body", Name: "New Body", Kind: scrutineer.KindCommunityJusticePartnership}
		}
		creates := []struct {
			name   string
			edit   func(*scrutineer.Organisation)
			reason string
			code   string
			field  string
		}{
			{"no name", func(o *scrutineer.Organisation) { o.Name = "  " }, "r", scrutineer.EINVALID, "name"},
			{"long name", func(o *scrutineer.Organisation) { o.Name = strings.Repeat("a", 201) }, "r", scrutineer.EINVALID, "name"},
			{"no slug", func(o *scrutineer.Organisation) { o.Slug = "" }, "r", scrutineer.EINVALID, "slug"},
			{"bad slug", func(o *scrutineer.Organisation) { o.Slug = "new--body!" }, "r", scrutineer.EINVALID, "slug"},
			{"unknown kind", func(o *scrutineer.Organisation) { o.Kind = "council" }, "r", scrutineer.EINVALID, "kind"},
			{"not active", func(o *scrutineer.Organisation) { o.Status = scrutineer.StatusClosed }, "r", scrutineer.EINVALID, "status"},
			{"no reason", func(o *scrutineer.Organisation) {}, " ", scrutineer.EINVALID, "reason"},
			{"parent not a group", func(o *scrutineer.Organisation) { o.Parent = &scrutineer.OrganisationRef{Slug: "fife"} }, "r", scrutineer.EINVALID, "parent"},
			{"unknown parent", func(o *scrutineer.Organisation) { o.Parent = &scrutineer.OrganisationRef{Slug: "nope"} }, "r", scrutineer.EINVALID, "parent"},
			{"area not a council", func(o *scrutineer.Organisation) {
				o.Areas = []scrutineer.OrganisationRef{{Slug: "fife"}, {Slug: "nhs-fife"}}
			}, "r", scrutineer.EINVALID, "areas"},
			{"slug taken", func(o *scrutineer.Organisation) { o.Slug = "fife-cjp" }, "r", scrutineer.ECONFLICT, "slug"},
			{"name taken", func(o *scrutineer.Organisation) { o.Name = "fife council" }, "r", scrutineer.EINVALID, "name"},
		}
		beforeOrgs, beforeVersions := orgCountRows(t, db)
		for _, c := range creates {
			t.Run(c.name, func(t *testing.T) {
				o := valid()
				c.edit(o)
				err := orgs.CreateOrganisation(orgAdmin(), o, c.reason)
				orgWantCode(t, err, c.code)
				if scrutineer.ErrorFields(err)[c.field] == "" {
					t.Errorf("no problem with %s: %v", c.field, err)
				}
			})
		}
		updates := []struct {
			name  string
			u     scrutineer.OrganisationUpdate
			field string
		}{
			{"no name", scrutineer.OrganisationUpdate{Status: scrutineer.StatusActive, Version: 1, Reason: "r"}, "name"},
			{"no reason", scrutineer.OrganisationUpdate{Name: "Fife Council", Status: scrutineer.StatusClosed, Version: 1}, "reason"},
			{"bad status", scrutineer.OrganisationUpdate{Name: "Fife Council", Status: "gone", Version: 1, Reason: "r"}, "status"},
			{"merged into nothing", scrutineer.OrganisationUpdate{Name: "Fife Council", Status: scrutineer.StatusMerged, Version: 1, Reason: "r"}, "merged_into"},
			{"closed but merged into", scrutineer.OrganisationUpdate{Name: "Fife Council", Status: scrutineer.StatusClosed, MergedIntoSlug: "angus", Version: 1, Reason: "r"}, "merged_into"},
			{"name of another", scrutineer.OrganisationUpdate{Name: "Angus Council", Status: scrutineer.StatusActive, Version: 1, Reason: "r"}, "name"},
		}
		for _, c := range updates {
			t.Run("update "+c.name, func(t *testing.T) {
				_, err := orgs.UpdateOrganisation(orgAdmin(), "fife", c.u)
				orgWantCode(t, err, scrutineer.EINVALID)
				if scrutineer.ErrorFields(err)[c.field] == "" {
					t.Errorf("no problem with %s: %v", c.field, err)
				}
			})
		}
		// A bad row in a batch adds none of the batch.
		_, err := orgs.AddMissingOrganisations(orgAdmin(), []*scrutineer.Organisation{valid(), {Slug: "Bad Slug", Name: "x", Kind: scrutineer.KindHealthBoard}}, "Import")
		orgWantCode(t, err, scrutineer.EINVALID)
		if o, v := orgCountRows(t, db); o != beforeOrgs || v != beforeVersions {
			t.Errorf("invalid input stored rows: organisations %d -> %d, versions %d -> %d", beforeOrgs, o, beforeVersions, v)
		}
		if fife := orgFind(t, orgs, "fife"); fife.Version != 1 || fife.Name != "Fife Council" {
			t.Errorf("invalid update changed fife: %+v", fife)
		}
	})
}

func TestOrganisationsRefuseOthersWithNotFound(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		orgs := store.NewOrganisations(db)
		orgSync(t, orgs)
		before, _ := orgCountRows(t, db)
		update := scrutineer.OrganisationUpdate{Name: "Taken over", Status: scrutineer.StatusActive, Version: 1, Reason: "r"}
		newOrg := func() *scrutineer.Organisation {
			return &scrutineer.Organisation{Slug: "sneaky", Name: "Sneaky", Kind: scrutineer.KindHealthBoard}
		}
		for _, c := range []struct {
			name string
			ctx  context.Context
			code string
		}{
			{"inspector", orgAs(scrutineer.RoleInspector, "Ian Inspector"), scrutineer.ENOTFOUND},
			{"committee officer", orgAs(scrutineer.RoleCommitteeOfficer, "Cara Officer"), scrutineer.ENOTFOUND},
			{"inactive admin", scrutineer.NewContextWithUser(context.Background(), &scrutineer.User{ID: "x", Roles: []scrutineer.Role{scrutineer.RoleAdmin}}), scrutineer.ENOTFOUND},
			{"nobody signed in", context.Background(), scrutineer.EUNAUTHORISED},
		} {
			t.Run(c.name, func(t *testing.T) {
				orgWantCode(t, orgs.CreateOrganisation(c.ctx, newOrg(), "r"), c.code)
				_, err := orgs.AddMissingOrganisations(c.ctx, []*scrutineer.Organisation{newOrg()}, "r")
				orgWantCode(t, err, c.code)
				_, err = orgs.UpdateOrganisation(c.ctx, "glasgow-cpc", update)
				orgWantCode(t, err, c.code)
				_, err = orgs.MergeOrganisation(c.ctx, "glasgow-cpc", "glasgow-apc", 1, "r")
				orgWantCode(t, err, c.code)
				_, err = orgs.OrganisationHistory(c.ctx, "glasgow-cpc")
				orgWantCode(t, err, c.code)
			})
		}
		if _, err := orgs.FindOrganisations(context.Background(), scrutineer.OrganisationFilter{}); scrutineer.ErrorCode(err) != scrutineer.EUNAUTHORISED {
			t.Errorf("anonymous list: %v", err)
		}
		if _, err := orgs.OrganisationHistory(orgAdmin(), "no-such-body"); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Errorf("history of an unknown slug: %v", err)
		}
		if after, _ := orgCountRows(t, db); after != before || orgFind(t, orgs, "glasgow-cpc").Version != 1 {
			t.Error("a refused caller changed the directory")
		}
		// The service itself may change the directory.
		if err := orgs.CreateOrganisation(auth.SystemContext(context.Background()), newOrg(), "Added by the operator"); err != nil {
			t.Errorf("system context: %v", err)
		}
	})
}
