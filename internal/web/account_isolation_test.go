package web

import (
	"context"
	"regexp"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// isolationAccounts are the records the account routes' sample requests act on: a
// person at another organisation (Fife's adult protection committee) with a session,
// a reset link and invitations.
type isolationAccounts struct {
	invitations     *store.Invitations
	passwords       *store.Passwords
	target          string // a user's id
	otherSession    string // one of target's sessions
	resetToken      string
	inviteToken     string
	invitation      string // an invitation's id, to resend
	otherInvitation string // another, to withdraw
}

var resetLink = regexp.MustCompile(`/password/reset/([A-Za-z0-9_-]+)`)

func newIsolationAccounts(t *testing.T, db *store.DB) isolationAccounts {
	t.Helper()
	ctx := auth.SystemContext(context.Background())
	jobs := store.NewJobs(db)
	a := isolationAccounts{
		invitations: store.NewInvitations(db, jobs, "http://127.0.0.1"),
		passwords:   store.NewPasswords(db, jobs, "http://127.0.0.1"),
	}
	org, err := store.NewOrganisations(db).FindOrganisationBySlug(ctx, "fife-apc")
	if err != nil {
		t.Fatal(err)
	}
	target := testutil.MustCreateUser(t, db, "target@example.org", org, scrutineer.RoleCommitteeOfficer)
	a.target = target.ID
	if _, err := store.NewSessions(db).CreateSession(ctx, target.ID); err != nil {
		t.Fatal(err)
	}
	sessions, err := store.NewSessions(db).ListSessions(ctx, target.ID, "")
	if err != nil || len(sessions) != 1 {
		t.Fatalf("target session: %v", err)
	}
	a.otherSession = sessions[0].ID
	if err := a.passwords.RequestPasswordReset(ctx, target.Email); err != nil {
		t.Fatal(err)
	}
	emails, err := jobs.FindEmails(ctx, scrutineer.EmailFilter{})
	if err != nil || len(emails) == 0 {
		t.Fatalf("no reset email: %v", err)
	}
	m := resetLink.FindStringSubmatch(emails[0].Text)
	if m == nil {
		t.Fatal("no reset link in the email")
	}
	a.resetToken = m[1]
	invite := func(email string) (string, string) {
		inv, token, err := a.invitations.InviteUser(ctx, scrutineer.NewInvitation{Email: email, OrganisationSlug: "fife-apc", Roles: []scrutineer.Role{scrutineer.RoleCommitteeOfficer}})
		if err != nil {
			t.Fatal(err)
		}
		return inv.ID, token
	}
	a.invitation, a.inviteToken = invite("pending@example.org")
	a.otherInvitation, _ = invite("withdraw@example.org")
	return a
}
