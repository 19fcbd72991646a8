package testutil

import (
	"context"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
)

// Password is the password of every user made by MustCreateUser.
const Password = "test-password-long-enough"

// MustCreateOrganisation adds an organisation with this slug and kind to the directory.
func MustCreateOrganisation(t testing.TB, db *store.DB, slug string, kind scrutineer.OrganisationKind) *scrutineer.Organisation {
	t.Helper()
	o := &scrutineer.Organisation{Slug: slug, Name: "Test organisation " + slug, Kind: kind, Status: scrutineer.StatusActive}
	if err := store.NewOrganisations(db).CreateOrganisation(auth.SystemContext(context.Background()), o, "Test fixture"); err != nil {
		t.Fatalf("create organisation %s: %v", slug, err)
	}
	return o
}

// MustCreateUser adds an active account with Password in the organisation.
func MustCreateUser(t testing.TB, db *store.DB, email string, org *scrutineer.Organisation, roles ...scrutineer.Role) *scrutineer.User {
	t.Helper()
	u := &scrutineer.User{Email: email, Name: "Test User", OrganisationID: org.ID, Roles: roles}
	if err := store.NewUsers(db).CreateUser(context.Background(), u, Password); err != nil {
		t.Fatalf("create user %s: %v", email, err)
	}
	u.Active = true
	return u
}
