package auth

import (
	"testing"

	"github.com/scrutineer/scrutineer"
)

func TestPolicyTwoFactorIsForTheOwnerOnly(t *testing.T) {
	me := &scrutineer.User{ID: "me", OrganisationID: "org", Roles: []scrutineer.Role{scrutineer.RoleCommitteeOfficer}, Active: true}
	admin := &scrutineer.User{ID: "admin", OrganisationID: "org", Roles: []scrutineer.Role{scrutineer.RoleAdmin}, Active: true}
	gone := &scrutineer.User{ID: "me", Roles: []scrutineer.Role{scrutineer.RoleAdmin}}
	tests := []struct {
		name string
		user *scrutineer.User
		res  Resource
		want bool
	}{
		{"owner", me, Resource{AssignedUsers: []string{"me"}}, true},
		{"administrator for someone else", admin, Resource{AssignedUsers: []string{"me"}}, false},
		{"no account named", me, Resource{}, false},
		{"several accounts named", me, Resource{AssignedUsers: []string{"me", "other"}}, false},
		{"deactivated owner", gone, Resource{AssignedUsers: []string{"me"}}, false},
		{"anonymous", nil, Resource{AssignedUsers: []string{"me"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Allowed(tt.user, ManageTwoFactor, tt.res); got != tt.want {
				t.Fatalf("Allowed = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPolicyResetTwoFactorIsForAdministratorsOnOthers(t *testing.T) {
	admin := &scrutineer.User{ID: "admin", OrganisationID: "org", Roles: []scrutineer.Role{scrutineer.RoleAdmin}, Active: true}
	gone := &scrutineer.User{ID: "admin", OrganisationID: "org", Roles: []scrutineer.Role{scrutineer.RoleAdmin}}
	tests := []struct {
		name string
		user *scrutineer.User
		res  Resource
		want bool
	}{
		{"administrator for someone else", admin, Resource{AssignedUsers: []string{"me"}}, true},
		{"administrator, no account named", admin, Resource{}, true},
		{"administrator on their own account", admin, Resource{AssignedUsers: []string{"admin"}}, false},
		{"deactivated administrator", gone, Resource{AssignedUsers: []string{"me"}}, false},
		{"anonymous", nil, Resource{AssignedUsers: []string{"me"}}, false},
	}
	for _, r := range scrutineer.Roles {
		if r != scrutineer.RoleAdmin {
			u := &scrutineer.User{ID: "x", OrganisationID: "org", Roles: []scrutineer.Role{r}, Active: true}
			tests = append(tests, struct {
				name string
				user *scrutineer.User
				res  Resource
				want bool
			}{string(r) + " for someone else", u, Resource{AssignedUsers: []string{"me"}}, false})
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Allowed(tt.user, ResetTwoFactor, tt.res); got != tt.want {
				t.Fatalf("Allowed = %v, want %v", got, tt.want)
			}
		})
	}
}
