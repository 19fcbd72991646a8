package directory_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/directory"
)

func TestOrganisationsFileIsComplete(t *testing.T) {
	orgs, err := directory.Organisations()
	if err != nil {
		t.Fatal(err)
	}
	bySlug := map[string]*scrutineer.Organisation{}
	count := map[scrutineer.OrganisationKind]int{}
	for _, o := range orgs {
		bySlug[o.Slug] = o
		count[o.Kind]++
	}
	for kind, want := range map[scrutineer.OrganisationKind]int{
		scrutineer.KindRegulator: 1, scrutineer.KindLocalAuthority: 32, scrutineer.KindHealthBoard: 14,
		scrutineer.KindPartnerScrutinyBody: 3,
	} {
		if count[kind] != want {
			t.Errorf("%d of kind %s, want %d", count[kind], kind, want)
		}
	}
	for _, kind := range []scrutineer.OrganisationKind{scrutineer.KindCommunityJusticePartnership, scrutineer.KindChiefOfficersGroup,
		scrutineer.KindChildProtectionCommittee, scrutineer.KindAdultProtectionCommittee} {
		if count[kind] < 25 || count[kind] > 32 {
			t.Errorf("%d of kind %s, want about 30", count[kind], kind)
		}
	}
	if count[scrutineer.KindPublicProtectionCommittee] == 0 {
		t.Error("no public protection committees")
	}
	for slug, want := range map[string]string{
		"regulator":            "Care Inspectorate",
		"clackmannanshire-cjp": "Clackmannanshire Community Justice Partnership",
		"glasgow-cpc":          "Glasgow Child Protection Committee",
		"fife-apc":             "Fife Adult Protection Committee",
		"hmics":                "HM Inspectorate of Constabulary in Scotland",
		"glasgow-city":         "Glasgow City Council",
		"na-h-eileanan-siar":   "Comhairle nan Eilean Siar",
	} {
		if o := bySlug[slug]; o == nil || o.Name != want {
			t.Errorf("%s: got %+v, want name %q", slug, o, want)
		}
	}
	if got := bySlug["ayrshire-cjp"].AreaSlugs(); !slices.Equal(got, []string{"east-ayrshire", "north-ayrshire", "south-ayrshire"}) {
		t.Errorf("Ayrshire partnership covers %v", got)
	}
	if p := bySlug["glasgow-cpc"].ParentSlug(); p != "glasgow-cog" {
		t.Errorf("glasgow-cpc answers to %q", p)
	}
}

// TestEveryAreaIsCovered checks that each local authority is covered by exactly one
// body of each kind that covers the whole country, and that a committee covers the
// same areas as its chief officers group.
func TestEveryAreaIsCovered(t *testing.T) {
	orgs, err := directory.Organisations()
	if err != nil {
		t.Fatal(err)
	}
	bySlug := map[string]*scrutineer.Organisation{}
	cover := map[string]map[string]int{} // area -> group -> count
	group := func(k scrutineer.OrganisationKind) string {
		switch {
		case k == scrutineer.KindChildProtectionCommittee, k == scrutineer.KindPublicProtectionCommittee:
			return "child protection"
		case k == scrutineer.KindAdultProtectionCommittee:
			return "adult protection"
		}
		return string(k)
	}
	for _, o := range orgs {
		bySlug[o.Slug] = o
		for _, a := range o.AreaSlugs() {
			if cover[a] == nil {
				cover[a] = map[string]int{}
			}
			cover[a][group(o.Kind)]++
			if o.Kind == scrutineer.KindPublicProtectionCommittee {
				cover[a]["adult protection"]++
			}
		}
		if o.Kind.Committee() {
			parent := bySlug[o.ParentSlug()]
			if parent == nil || !slices.Equal(parent.AreaSlugs(), o.AreaSlugs()) {
				t.Errorf("%s covers %v but its group %s covers other areas", o.Slug, o.AreaSlugs(), o.ParentSlug())
			}
		}
	}
	for _, o := range orgs {
		if o.Kind != scrutineer.KindLocalAuthority {
			continue
		}
		for _, g := range []string{"child protection", "adult protection", string(scrutineer.KindCommunityJusticePartnership),
			string(scrutineer.KindChiefOfficersGroup), string(scrutineer.KindHealthBoard)} {
			if n := cover[o.Slug][g]; n != 1 {
				t.Errorf("%s is covered by %d bodies for %s, want 1", o.Slug, n, g)
			}
		}
	}
}

type fakeAdder struct {
	ctx    context.Context
	orgs   []*scrutineer.Organisation
	reason string
	err    error
}

func (f *fakeAdder) AddMissingOrganisations(ctx context.Context, orgs []*scrutineer.Organisation, reason string) (int, error) {
	f.ctx, f.orgs, f.reason = ctx, orgs, reason
	return len(orgs), f.err
}

func TestSyncAddsAsTheServiceItself(t *testing.T) {
	f := &fakeAdder{}
	n, err := directory.Sync(context.Background(), f)
	if err != nil || n != len(f.orgs) || n < 150 {
		t.Fatalf("Sync = %d, %v; passed %d organisations", n, err, len(f.orgs))
	}
	if err := auth.Authorise(f.ctx, auth.ManageOrganisations, auth.Resource{}); err != nil {
		t.Errorf("Sync does not act as the service itself: %v", err)
	}
	if f.reason != directory.Reason {
		t.Errorf("reason %q", f.reason)
	}
	f.err = errors.New("database down")
	if _, err := directory.Sync(context.Background(), f); !errors.Is(err, f.err) {
		t.Errorf("Sync error = %v, want it to wrap %v", err, f.err)
	}
}
