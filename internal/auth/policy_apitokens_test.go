package auth

import (
	"testing"

	"github.com/scrutineer/scrutineer"
)

// TestPolicyAPITokens: everyone manages their own API tokens and nobody else's, not
// even an administrator; a deactivated user manages none.
func TestPolicyAPITokens(t *testing.T) {
	user := func(id string, roles ...scrutineer.Role) *scrutineer.User {
		return &scrutineer.User{ID: id, OrganisationID: "org", Roles: roles, Active: true}
	}
	inactive := user("gone", scrutineer.RoleInspector)
	inactive.Active = false
	own := func(id string) Resource { return Resource{AssignedUsers: []string{id}} }
	tests := []struct {
		name string
		user *scrutineer.User
		res  Resource
		want bool
	}{
		{"local reader manages own tokens", user("me", scrutineer.RoleLocalReader), own("me"), true},
		{"committee officer manages own tokens", user("me", scrutineer.RoleCommitteeOfficer), own("me"), true},
		{"admin may not manage another user's tokens", user("admin", scrutineer.RoleAdmin), own("me"), false},
		{"inspector may not manage another user's tokens", user("insp", scrutineer.RoleInspector), own("me"), false},
		{"no owner named: refused", user("me", scrutineer.RoleAdmin), Resource{}, false},
		{"deactivated user manages none", inactive, own("gone"), false},
		{"anonymous manages none", nil, own(""), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Allowed(tt.user, ManageAPITokens, tt.res); got != tt.want {
				t.Fatalf("Allowed = %v, want %v", got, tt.want)
			}
		})
	}
}
