package auth

import (
	"testing"

	"github.com/scrutineer/scrutineer"
)

// TestCaseContentPolicy is the roles table of the domain as a matrix: for each action
// on a record owned by organisation "own" (the user's) or "other", with the user
// assigned or not, who may act.
func TestCaseContentPolicy(t *testing.T) {
	type cell struct {
		own, other, assignedOther bool
	}
	const me = "user-1"
	mk := func(r scrutineer.Role) *scrutineer.User {
		return &scrutineer.User{ID: me, OrganisationID: "own", Roles: []scrutineer.Role{r}, Active: true}
	}
	matrix := map[Action]map[scrutineer.Role]cell{
		ViewCommitteeRecord: {
			scrutineer.RoleCommitteeOfficer: {own: true}, scrutineer.RoleInspector: {own: true, other: true, assignedOther: true},
			scrutineer.RoleManager: {own: true, other: true, assignedOther: true}, scrutineer.RoleAnalyst: {own: true, other: true, assignedOther: true},
		},
		EditCommitteeRecord:     {scrutineer.RoleCommitteeOfficer: {own: true}},
		AppraiseCommitteeRecord: {scrutineer.RoleInspector: {assignedOther: true}, scrutineer.RoleManager: {own: true, other: true, assignedOther: true}},
		SearchRepository: {
			scrutineer.RoleInspector: {own: true, other: true, assignedOther: true}, scrutineer.RoleManager: {own: true, other: true, assignedOther: true},
			scrutineer.RoleAnalyst: {own: true, other: true, assignedOther: true},
		},
		TriageReviews: {scrutineer.RoleInspector: {own: true, other: true, assignedOther: true}, scrutineer.RoleManager: {own: true, other: true, assignedOther: true}},
		CodeThemes: {
			scrutineer.RoleAnalyst: {own: true, other: true, assignedOther: true}, scrutineer.RoleInspector: {own: true, other: true, assignedOther: true},
			scrutineer.RoleManager: {own: true, other: true, assignedOther: true},
		},
		ApproveObservations:  {scrutineer.RoleManager: {own: true, other: true, assignedOther: true}},
		ManageReviewSettings: {scrutineer.RoleManager: {own: true, other: true, assignedOther: true}, scrutineer.RoleAdmin: {own: true, other: true, assignedOther: true}},
		ViewStatistics: {
			scrutineer.RoleAnalyst: {own: true, other: true, assignedOther: true}, scrutineer.RoleInspector: {own: true, other: true, assignedOther: true},
			scrutineer.RoleManager: {own: true, other: true, assignedOther: true},
		},
		ViewAreaRecord: {scrutineer.RoleAreaContact: {own: true}, scrutineer.RoleInspector: {assignedOther: true}, scrutineer.RoleManager: {own: true, other: true, assignedOther: true}},
		EditAreaRecord: {scrutineer.RoleAreaContact: {own: true}},
		ReadCaseRecord: {scrutineer.RoleLocalReader: {assignedOther: true}, scrutineer.RoleInspector: {assignedOther: true}},

		ManagePublications: {scrutineer.RoleManager: {own: true, other: true, assignedOther: true}, scrutineer.RoleAnalyst: {own: true, other: true, assignedOther: true}},
	}
	for action, byRole := range matrix {
		for _, role := range scrutineer.Roles {
			want := byRole[role] // the zero cell: refused everywhere
			u := mk(role)
			got := cell{
				own:           Allowed(u, action, Resource{OrganisationID: "own"}),
				other:         Allowed(u, action, Resource{OrganisationID: "other"}),
				assignedOther: Allowed(u, action, Resource{OrganisationID: "other", AssignedUsers: []string{"user-2", me}}),
			}
			if got != want {
				t.Errorf("%s as %s: got %+v, want %+v", action, role, got, want)
			}
		}
	}
	// Admins administer but do not see case content unless they are also inspectors.
	admin := mk(scrutineer.RoleAdmin)
	if Allowed(admin, ViewCommitteeRecord, Resource{OrganisationID: "other"}) {
		t.Error("an admin alone sees case content")
	}
	admin.Roles = append(admin.Roles, scrutineer.RoleInspector)
	if !Allowed(admin, ViewCommitteeRecord, Resource{OrganisationID: "other"}) {
		t.Error("an admin who is also an inspector cannot see the repository")
	}
	// A record with no owner is nobody's own.
	if Allowed(mk(scrutineer.RoleCommitteeOfficer), EditCommitteeRecord, Resource{}) {
		t.Error("an ownerless record counted as the officer's own")
	}
}
