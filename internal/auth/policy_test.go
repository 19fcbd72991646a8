package auth

import (
	"context"
	"testing"

	"github.com/scrutineer/scrutineer"
)

func TestPolicy(t *testing.T) {
	user := func(roles ...scrutineer.Role) *scrutineer.User {
		return &scrutineer.User{ID: "u", OrganisationID: "org", Roles: roles, Active: true}
	}
	inactive := user(scrutineer.RoleAdmin)
	inactive.Active = false
	tests := []struct {
		name   string
		user   *scrutineer.User
		action Action
		want   bool
	}{
		{"admin manages organisations", user(scrutineer.RoleAdmin), ManageOrganisations, true},
		{"inspector may not manage organisations", user(scrutineer.RoleInspector), ManageOrganisations, false},
		{"committee officer may not manage organisations", user(scrutineer.RoleCommitteeOfficer), ManageOrganisations, false},
		{"everyone signed in views the directory", user(scrutineer.RoleLocalReader), ViewOrganisations, true},
		{"admin manages jobs", user(scrutineer.RoleAdmin), ManageJobs, true},
		{"analyst may not manage jobs", user(scrutineer.RoleAnalyst), ManageJobs, false},
		{"deactivated admin may do nothing", inactive, ManageJobs, false},
		{"anonymous may do nothing", nil, ViewOrganisations, false},
		{"unknown action is refused", user(scrutineer.RoleAdmin), Action("nonsense"), false},
		{"admin manages users", user(scrutineer.RoleAdmin), ManageUsers, true},
		{"manager may not manage users", user(scrutineer.RoleManager), ManageUsers, false},
		{"committee officer may not manage users", user(scrutineer.RoleCommitteeOfficer), ManageUsers, false},
		{"deactivated admin may not manage users", inactive, ManageUsers, false},
		{"own account needs a resource naming the owner", user(scrutineer.RoleAdmin), ManageOwnAccount, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Allowed(tt.user, tt.action, Resource{}); got != tt.want {
				t.Fatalf("Allowed = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAuthoriseAnswersNotFoundToTheSignedIn(t *testing.T) {
	ctx := context.Background()
	if code := scrutineer.ErrorCode(Authorise(ctx, ManageJobs, Resource{})); code != scrutineer.EUNAUTHORISED {
		t.Errorf("anonymous: %q", code)
	}
	inspector := scrutineer.NewContextWithUser(ctx, &scrutineer.User{Active: true, Roles: []scrutineer.Role{scrutineer.RoleInspector}})
	if code := scrutineer.ErrorCode(Authorise(inspector, ManageJobs, Resource{})); code != scrutineer.ENOTFOUND {
		t.Errorf("inspector: %q", code)
	}
	if err := Authorise(SystemContext(ctx), ManageJobs, Resource{}); err != nil {
		t.Errorf("system: %v", err)
	}
}

func TestPolicyOwnAccount(t *testing.T) {
	me := &scrutineer.User{ID: "me", OrganisationID: "org", Roles: []scrutineer.Role{scrutineer.RoleLocalReader}, Active: true}
	if !Allowed(me, ManageOwnAccount, Resource{AssignedUsers: []string{"me"}}) {
		t.Error("a user may not manage their own account")
	}
	admin := &scrutineer.User{ID: "admin", OrganisationID: "org", Roles: []scrutineer.Role{scrutineer.RoleAdmin}, Active: true}
	if Allowed(admin, ManageOwnAccount, Resource{AssignedUsers: []string{"me"}}) {
		t.Error("an administrator may act as another user on their own account")
	}
	me.Active = false
	if Allowed(me, ManageOwnAccount, Resource{AssignedUsers: []string{"me"}}) {
		t.Error("a deactivated user may manage their account")
	}
}
