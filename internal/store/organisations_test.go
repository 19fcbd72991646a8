package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/directory"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// orgAs returns a context signed in as a user holding role; the user need not be
// stored, because the directory records who changed it by ID and name only.
func orgAs(role scrutineer.Role, name string) context.Context {
	u := &scrutineer.User{ID: store.NewID(), Name: name, Roles: []scrutineer.Role{role}, Active: true}
	return scrutineer.NewContextWithUser(context.Background(), u)
}

func orgAdmin() context.Context { return orgAs(scrutineer.RoleAdmin, "Ada Admin") }

// orgSync loads the reference directory into a fresh database.
func orgSync(t *testing.T, orgs *store.Organisations) {
	t.Helper()
	if _, err := directory.Sync(context.Background(), orgs); err != nil {
		t.Fatalf("sync: %v", err)
	}
}

func orgFind(t *testing.T, orgs *store.Organisations, slug string) *scrutineer.Organisation {
	t.Helper()
	o, err := orgs.FindOrganisationBySlug(orgAdmin(), slug)
	if err != nil {
		t.Fatalf("find %s: %v", slug, err)
	}
	return o
}

func orgHistory(t *testing.T, orgs *store.Organisations, slug string) []*scrutineer.OrganisationVersion {
	t.Helper()
	h, err := orgs.OrganisationHistory(orgAdmin(), slug)
	if err != nil {
		t.Fatalf("history %s: %v", slug, err)
	}
	return h
}

func orgWantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := scrutineer.ErrorCode(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}

func TestOrganisationsSyncIsIdempotentAndKeepsEdits(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		orgs := store.NewOrganisations(db)
		ref, err := directory.Organisations()
		if err != nil {
			t.Fatal(err)
		}
		n, err := directory.Sync(context.Background(), orgs)
		if err != nil || n != len(ref) {
			t.Fatalf("first sync = %d, %v; want %d", n, err, len(ref))
		}
		glasgow := orgFind(t, orgs, "glasgow-cpc")
		if _, err := orgs.UpdateOrganisation(orgAdmin(), "glasgow-cpc", scrutineer.OrganisationUpdate{
			Name: "Glasgow Child Protection Committee (renamed)", Status: scrutineer.StatusActive, Version: glasgow.Version, Reason: "New name"}); err != nil {
			t.Fatal(err)
		}
		n, err = directory.Sync(context.Background(), orgs)
		if err != nil || n != 0 {
			t.Fatalf("second sync = %d, %v; want 0", n, err)
		}
		all, err := orgs.FindOrganisations(orgAdmin(), scrutineer.OrganisationFilter{})
		if err != nil || len(all) != len(ref) {
			t.Fatalf("%d organisations after two syncs (%v), want %d", len(all), err, len(ref))
		}
		if got := orgFind(t, orgs, "glasgow-cpc"); got.Name != "Glasgow Child Protection Committee (renamed)" || got.Version != 2 {
			t.Errorf("sync overwrote an edit: %+v", got)
		}
		cpc := orgFind(t, orgs, "glasgow-cpc")
		if cpc.ParentSlug() != "glasgow-cog" || cpc.Parent.Name != "Glasgow Chief Officers Group" || !slices.Equal(cpc.AreaSlugs(), []string{"glasgow-city"}) {
			t.Errorf("links not stored: parent %+v, areas %v", cpc.Parent, cpc.AreaSlugs())
		}
		h := orgHistory(t, orgs, "regulator")
		if len(h) != 1 || h[0].ChangedBy != "Scrutineer" || h[0].ChangedByID != "" || h[0].Reason != directory.Reason {
			t.Errorf("history of a synced organisation: %+v", h[0])
		}
	})
}

func TestOrganisationsFilter(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		orgs := store.NewOrganisations(db)
		orgSync(t, orgs)
		ctx := orgAs(scrutineer.RoleInspector, "Ian Inspector") // any signed-in user may read
		slugsOf := func(f scrutineer.OrganisationFilter) []string {
			t.Helper()
			list, err := orgs.FindOrganisations(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var s []string
			for _, o := range list {
				s = append(s, o.Slug)
			}
			return s
		}
		if got := slugsOf(scrutineer.OrganisationFilter{Kind: scrutineer.KindLocalAuthority}); len(got) != 32 || got[0] != "aberdeen-city" {
			t.Errorf("local authorities: %v", got)
		}
		if got := slugsOf(scrutineer.OrganisationFilter{Area: "fife"}); !slices.Equal(got, []string{"fife-cjp", "fife-cpc", "fife-apc", "fife-cog", "nhs-fife"}) {
			t.Errorf("bodies covering Fife: %v", got)
		}
		if got := slugsOf(scrutineer.OrganisationFilter{Parent: "glasgow-cog"}); !slices.Equal(got, []string{"glasgow-cpc", "glasgow-apc"}) {
			t.Errorf("answering to Glasgow COG: %v", got)
		}
		if got := slugsOf(scrutineer.OrganisationFilter{Name: "GLASGOW c", Kind: scrutineer.KindChildProtectionCommittee}); !slices.Equal(got, []string{"glasgow-cpc"}) {
			t.Errorf("name search: %v", got)
		}
		if got := slugsOf(scrutineer.OrganisationFilter{Name: "%"}); len(got) != 0 {
			t.Errorf("a %% in the name search is a wildcard: %v", got)
		}
		if got := slugsOf(scrutineer.OrganisationFilter{Status: scrutineer.StatusMerged}); len(got) != 0 {
			t.Errorf("merged organisations in a fresh directory: %v", got)
		}
		if _, err := orgs.FindOrganisationBySlug(ctx, "no-such-body"); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Errorf("unknown slug: %v", err)
		}
		byID, err := orgs.FindOrganisationByID(ctx, orgFind(t, orgs, "fife").ID)
		if err != nil || byID.Slug != "fife" {
			t.Errorf("find by ID: %+v, %v", byID, err)
		}
	})
}

func TestOrganisationsRenameKeepsHistory(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		orgs := store.NewOrganisations(db)
		orgSync(t, orgs)
		ctx := orgAdmin()
		o, err := orgs.UpdateOrganisation(ctx, "fife-apc", scrutineer.OrganisationUpdate{
			Name: "  Fife Adult Support and   Protection Committee ", Status: scrutineer.StatusActive, Version: 1, Reason: "Renamed by the committee in 2024"})
		if err != nil {
			t.Fatal(err)
		}
		if o.Name != "Fife Adult Support and Protection Committee" || o.Version != 2 || o.Slug != "fife-apc" || o.ParentSlug() != "fife-cog" {
			t.Fatalf("after rename: %+v", o)
		}
		h := orgHistory(t, orgs, "fife-apc")
		if len(h) != 2 {
			t.Fatalf("%d versions, want 2", len(h))
		}
		if h[0].Version != 2 || h[0].Name != o.Name || h[0].ChangedBy != "Ada Admin" || h[0].ChangedByID == "" || h[0].Reason != "Renamed by the committee in 2024" {
			t.Errorf("newest version: %+v", h[0])
		}
		if h[1].Version != 1 || h[1].Name != "Fife Adult Protection Committee" || h[1].ParentSlug != "fife-cog" || !slices.Equal(h[1].AreaSlugs, []string{"fife"}) {
			t.Errorf("first version: %+v", h[1])
		}
		// Saving the same values again writes no version.
		same, err := orgs.UpdateOrganisation(ctx, "fife-apc", scrutineer.OrganisationUpdate{Name: o.Name, Status: o.Status, Version: 2, Reason: "No change"})
		if err != nil || same.Version != 2 || len(orgHistory(t, orgs, "fife-apc")) != 2 {
			t.Errorf("an unchanged save wrote a version: %+v, %v", same, err)
		}
	})
}

func TestOrganisationsMerge(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		orgs := store.NewOrganisations(db)
		orgSync(t, orgs)
		ctx := orgAdmin()
		merged, err := orgs.MergeOrganisation(ctx, "clackmannanshire-cjp", "stirling-cjp", 1, "The two partnerships combined")
		if err != nil {
			t.Fatal(err)
		}
		if merged.Status != scrutineer.StatusMerged || merged.MergedIntoSlug() != "stirling-cjp" || merged.MergedInto.Name != "Stirling Community Justice Partnership" || merged.Version != 2 {
			t.Errorf("merged: %+v", merged)
		}
		into := orgFind(t, orgs, "stirling-cjp")
		if !slices.Equal(into.AreaSlugs(), []string{"clackmannanshire", "stirling"}) || into.Version != 2 {
			t.Errorf("the partnership merged into: version %d, areas %v", into.Version, into.AreaSlugs())
		}
		if h := orgHistory(t, orgs, "clackmannanshire-cjp"); len(h) != 2 || h[0].Status != scrutineer.StatusMerged || h[0].MergedIntoSlug != "stirling-cjp" || h[1].Name != "Clackmannanshire Community Justice Partnership" {
			t.Errorf("merged history: %+v", h)
		}

		// A chief officers group merging hands its committees to the other group.
		if _, err := orgs.MergeOrganisation(ctx, "clackmannanshire-and-stirling-cog", "falkirk-cog", 1, "Forth Valley groups combined"); err != nil {
			t.Fatal(err)
		}
		if cpc := orgFind(t, orgs, "clackmannanshire-and-stirling-cpc"); cpc.ParentSlug() != "falkirk-cog" || cpc.Version != 2 {
			t.Errorf("committee of a merged group: parent %q, version %d", cpc.ParentSlug(), cpc.Version)
		}
		// A committee may merge into a public protection committee.
		if _, err := orgs.MergeOrganisation(ctx, "moray-cpc", "orkney-ppc", 1, "Test"); err != nil {
			t.Errorf("child protection into public protection committee: %v", err)
		}

		for _, c := range []struct{ slug, into, field string }{
			{"fife", "fife-cjp", "merged_into"},                  // another kind
			{"fife-cjp", "fife-cjp", "merged_into"},              // itself
			{"angus-cjp", "clackmannanshire-cjp", "merged_into"}, // already merged
			{"angus-cjp", "no-such-body", "merged_into"},
		} {
			_, err := orgs.MergeOrganisation(ctx, c.slug, c.into, 1, "Test")
			orgWantCode(t, err, scrutineer.EINVALID)
			if scrutineer.ErrorFields(err)[c.field] == "" {
				t.Errorf("merge %s into %s: no problem with %s: %v", c.slug, c.into, c.field, err)
			}
		}
	})
}

func TestOrganisationsStaleVersionConflicts(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		orgs := store.NewOrganisations(db)
		orgSync(t, orgs)
		first := scrutineer.OrganisationUpdate{Name: "Angus Child Protection Committee (first)", Status: scrutineer.StatusActive, Version: 1, Reason: "First editor"}
		if _, err := orgs.UpdateOrganisation(orgAdmin(), "angus-cpc", first); err != nil {
			t.Fatal(err)
		}
		second := first
		second.Name, second.Reason = "Angus Child Protection Committee (second)", "Second editor, same starting version"
		_, err := orgs.UpdateOrganisation(orgAdmin(), "angus-cpc", second)
		orgWantCode(t, err, scrutineer.ECONFLICT)
		_, err = orgs.MergeOrganisation(orgAdmin(), "angus-cpc", "dundee-cpc", 1, "Stale merge")
		orgWantCode(t, err, scrutineer.ECONFLICT)
		if o := orgFind(t, orgs, "angus-cpc"); o.Name != first.Name || o.Version != 2 || o.Status != scrutineer.StatusActive {
			t.Errorf("after a stale save: %+v", o)
		}
	})
}

// TestOrganisationsConcurrentSyncs starts several syncs at once, as several server
// processes starting against one database would.
func TestOrganisationsConcurrentSyncs(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		orgs := store.NewOrganisations(db)
		ref, err := directory.Organisations()
		if err != nil {
			t.Fatal(err)
		}
		const n = 4
		added := make(chan int, n)
		errs := make(chan error, n)
		for range n {
			go func() {
				k, err := directory.Sync(context.Background(), orgs)
				added <- k
				errs <- err
			}()
		}
		total := 0
		for range n {
			total += <-added
			if err := <-errs; err != nil {
				t.Error(err)
			}
		}
		all, err := orgs.FindOrganisations(orgAdmin(), scrutineer.OrganisationFilter{})
		if total != len(ref) || err != nil || len(all) != len(ref) {
			t.Errorf("added %d, stored %d (%v), want %d", total, len(all), err, len(ref))
		}
	})
}
