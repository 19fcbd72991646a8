package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// searchWorld is a trail with a handful of known entries in March 2025, recorded
// after the setup's own entries (which are dated now).
type searchWorld struct {
	audit          *store.Audit
	admin, insp    *scrutineer.User
	fife           *scrutineer.Organisation
	seqs           []int64 // of the five known entries, in order
	adminCtx, sysC context.Context
}

func newSearchWorld(t *testing.T, db *store.DB) *searchWorld {
	t.Helper()
	reg := testutil.MustCreateOrganisation(t, db, "regulator", scrutineer.KindRegulator)
	w := &searchWorld{audit: store.NewAudit(db), sysC: auth.SystemContext(context.Background())}
	w.fife = testutil.MustCreateOrganisation(t, db, "fife-apc", scrutineer.KindAdultProtectionCommittee)
	w.admin = testutil.MustCreateUser(t, db, "alex@example.org", reg, scrutineer.RoleAdmin)
	w.insp = testutil.MustCreateUser(t, db, "isla@example.org", reg, scrutineer.RoleInspector)
	w.adminCtx = scrutineer.NewContextWithUser(context.Background(), w.admin)
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, e := range []*scrutineer.AuditEntry{
		{At: at("2025-03-01T09:00:00Z"), ActorID: w.admin.ID, ActorLabel: "user", Action: "login.success", TargetType: "user", TargetID: w.admin.ID},
		{At: at("2025-03-01T09:05:00Z"), ActorLabel: "anonymous", Action: "login.failure", Outcome: scrutineer.OutcomeFailure, TargetType: "user", TargetID: w.insp.ID},
		{At: at("2025-03-02T10:00:00Z"), ActorID: w.admin.ID, ActorLabel: "user", Action: "organisation.update", TargetType: "organisation", TargetID: w.fife.ID, OrganisationID: w.fife.ID},
		{At: at("2025-03-03T23:30:00Z"), ActorID: w.insp.ID, ActorLabel: "user", Action: "document.view", TargetType: "document", TargetID: "d1", OrganisationID: w.fife.ID},
		{At: at("2025-03-04T08:00:00Z"), ActorLabel: "anonymous", Action: "login.lockout", Outcome: scrutineer.OutcomeRefused, TargetType: "user", TargetID: w.insp.ID},
	} {
		if err := w.audit.RecordAudit(w.sysC, e); err != nil {
			t.Fatal(err)
		}
		w.seqs = append(w.seqs, e.Seq)
	}
	return w
}

// known returns which of the five known entries (1-based) are in list, in order.
func (w *searchWorld) known(list []*scrutineer.AuditEntry) []int {
	var out []int
	for _, e := range list {
		if i := slices.Index(w.seqs, e.Seq); i >= 0 {
			out = append(out, i+1)
		}
	}
	return out
}

func TestAuditSearchFilters(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newSearchWorld(t, db)
		march := func(day int) time.Time { return time.Date(2025, 3, day, 0, 0, 0, 0, time.UTC) }
		tests := []struct {
			name string
			f    scrutineer.AuditFilter
			want []int
		}{
			{"actor by email, any case", scrutineer.AuditFilter{ActorEmail: " Alex@Example.org "}, []int{3, 1}},
			{"actor by id", scrutineer.AuditFilter{ActorID: w.insp.ID}, []int{4}},
			{"action group", scrutineer.AuditFilter{Action: "login."}, []int{5, 2, 1}},
			{"exact action", scrutineer.AuditFilter{Action: "login.success"}, []int{1}},
			{"a group is not a prefix of words", scrutineer.AuditFilter{Action: "login"}, nil},
			{"target", scrutineer.AuditFilter{TargetType: "user", TargetID: w.insp.ID}, []int{5, 2}},
			{"organisation", scrutineer.AuditFilter{OrganisationID: w.fife.ID, To: march(10)}, []int{4, 3}},
			{"outcome", scrutineer.AuditFilter{Outcome: scrutineer.OutcomeRefused}, []int{5}},
			{"date range", scrutineer.AuditFilter{From: march(2), To: march(4)}, []int{4, 3}},
			{"page", scrutineer.AuditFilter{Action: "login.", Limit: 2, Offset: 1}, []int{2, 1}},
		}
		for _, tt := range tests {
			got, err := w.audit.FindAudit(w.adminCtx, tt.f)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if k := w.known(got); !slices.Equal(k, tt.want) {
				t.Errorf("%s: entries %v, want %v", tt.name, k, tt.want)
			}
		}

		_, err := w.audit.FindAudit(w.adminCtx, scrutineer.AuditFilter{ActorEmail: "nobody@example.org"})
		if scrutineer.ErrorCode(err) != scrutineer.EINVALID || scrutineer.ErrorFields(err)["actor"] == "" {
			t.Errorf("unknown actor email: %v", err)
		}

		got, err := w.audit.FindAudit(w.adminCtx, scrutineer.AuditFilter{Action: "organisation.update"})
		if err != nil || len(got) != 1 {
			t.Fatalf("names: %d entries, %v", len(got), err)
		}
		n := got[0].Names
		if n.ActorEmail != w.admin.Email || n.ActorName != w.admin.Name || n.OrganisationSlug != "fife-apc" ||
			n.OrganisationName != w.fife.Name || n.TargetSlug != "fife-apc" || n.TargetName != w.fife.Name {
			t.Errorf("names %+v", n)
		}

		e, err := w.audit.FindAuditEntry(w.adminCtx, w.seqs[1])
		if err != nil || e.Action != "login.failure" || e.Names.TargetName != w.insp.Name || e.Hash == "" {
			t.Errorf("entry by number: %+v, %v", e, err)
		}
		if _, err := w.audit.FindAuditEntry(w.adminCtx, 9999); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Errorf("missing entry: %v", err)
		}

		actions, types, err := w.audit.AuditFacets(w.adminCtx)
		if err != nil || !slices.IsSorted(actions) || !slices.Contains(actions, "login.lockout") || !slices.Contains(actions, "organisation.create") ||
			!slices.Equal(types, []string{"document", "organisation", "user"}) {
			t.Errorf("facets %v %v, %v", actions, types, err)
		}
	})
}

func TestAuditExport(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newSearchWorld(t, db)
		var rows []*scrutineer.AuditEntry
		collect := func(e *scrutineer.AuditEntry) error { rows = append(rows, e); return nil }
		if err := w.audit.ExportAudit(w.adminCtx, scrutineer.AuditFilter{Action: "login.", Limit: 1, Offset: 2}, collect); err != nil {
			t.Fatal(err)
		}
		if k := w.known(rows); !slices.Equal(k, []int{5, 2, 1}) || len(rows) != 3 {
			t.Fatalf("exported %v (%d rows), want every login entry whatever the page", k, len(rows))
		}

		// The export is itself on record, and a later export of exports shows the
		// earlier one but not itself: the file is the trail as it stood when asked.
		rows = nil
		if err := w.audit.ExportAudit(w.adminCtx, scrutineer.AuditFilter{Action: "audit.export"}, collect); err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || rows[0].ActorID != w.admin.ID || rows[0].Detail != "Exported entries with action login." {
			t.Fatalf("export entries: %d, %+v", len(rows), rows)
		}
		all, err := w.audit.FindAudit(w.adminCtx, scrutineer.AuditFilter{Action: "audit.export"})
		if err != nil || len(all) != 2 {
			t.Fatalf("two exports are on record: %d, %v", len(all), err)
		}

		// The actor is named by identifier in the detail, never by email address.
		if err := w.audit.ExportAudit(w.adminCtx, scrutineer.AuditFilter{ActorEmail: w.insp.Email}, func(*scrutineer.AuditEntry) error { return nil }); err != nil {
			t.Fatal(err)
		}
		last, _ := w.audit.FindAudit(w.adminCtx, scrutineer.AuditFilter{Action: "audit.export", Limit: 1})
		if d := last[0].Detail; d != "Exported entries with one actor" {
			t.Errorf("detail %q", d)
		}

		inspector := scrutineer.NewContextWithUser(context.Background(), w.insp)
		before := testutil.Fingerprint(t, db)
		if err := w.audit.ExportAudit(inspector, scrutineer.AuditFilter{}, collect); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Errorf("inspector export: %v", err)
		}
		if _, _, err := w.audit.AuditFacets(inspector); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Errorf("inspector facets: %v", err)
		}
		if _, err := w.audit.FindAuditEntry(inspector, w.seqs[0]); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Errorf("inspector entry: %v", err)
		}
		if testutil.Fingerprint(t, db) != before {
			t.Error("a refused export left a mark")
		}
	})
}
