package store_test

import (
	"context"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestMergeAuditsEveryOrganisationItChanges merges a chief officers group into
// another: the group that takes on its areas and the committee that now answers to
// it change too, and each change has its own entry, written at the end of the merge.
func TestMergeAuditsEveryOrganisationItChanges(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newAuditWorld(t, db)
		ctx := scrutineer.NewContextWithUser(context.Background(), w.admin)
		area := testutil.MustCreateOrganisation(t, db, "fife-council", scrutineer.KindLocalAuthority)
		create := func(o *scrutineer.Organisation) *scrutineer.Organisation {
			t.Helper()
			if err := w.orgs.CreateOrganisation(ctx, o, "Test fixture"); err != nil {
				t.Fatal(err)
			}
			return o
		}
		from := create(&scrutineer.Organisation{Slug: "old-cog", Name: "Old COG", Kind: scrutineer.KindChiefOfficersGroup, Areas: []scrutineer.OrganisationRef{{Slug: area.Slug}}})
		into := create(&scrutineer.Organisation{Slug: "new-cog", Name: "New COG", Kind: scrutineer.KindChiefOfficersGroup})
		child := create(&scrutineer.Organisation{Slug: "fife-cpc", Name: "Fife CPC", Kind: scrutineer.KindChildProtectionCommittee, Parent: &scrutineer.OrganisationRef{Slug: "old-cog"}})
		before, _ := w.audit.FindAudit(w.sys, scrutineer.AuditFilter{Limit: 1})

		if _, err := w.orgs.MergeOrganisation(ctx, from.Slug, into.Slug, 1, "The groups combined"); err != nil {
			t.Fatal(err)
		}
		got, err := w.audit.FindAudit(w.sys, scrutineer.AuditFilter{ActorID: w.admin.ID, Limit: 3})
		if err != nil || len(got) != 3 {
			t.Fatalf("%d entries, %v", len(got), err)
		}
		want := []struct{ action, target string }{
			{"organisation.merge", from.ID}, {"organisation.update", child.ID}, {"organisation.update", into.ID},
		}
		for i, e := range got {
			if e.Action != want[i].action || e.TargetID != want[i].target || e.Seq != before[0].Seq+int64(3-i) {
				t.Errorf("entry %d: %s on %s (seq %d), want %s on %s", i, e.Action, e.TargetID, e.Seq, want[i].action, want[i].target)
			}
		}
		if got[0].Detail != "Status changed from active to merged. Merged into new-cog. Version 2." {
			t.Errorf("merge detail %q", got[0].Detail)
		}
	})
}
