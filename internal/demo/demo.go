// Package demo seeds realistic demonstration data: the accounts of the contract and,
// as capabilities arrive, the records that make every page and statistic show
// something real. Seeding is idempotent.
package demo

import (
	"context"
	"fmt"

	"github.com/scrutineer/scrutineer"
)

// Password is the password of every demo account; printed at start in demo mode only.
const Password = "demo-password-1"

// Account is one demo account as printed at start.
type Account struct {
	Email            string
	Name             string
	Role             scrutineer.Role
	OrganisationSlug string
	OrganisationName string
	// TOTPSecret is the account's two-factor secret, printed at start in demo mode
	// only; regulator accounts have one (they must), the others none.
	TOTPSecret string
}

// Accounts are the demo accounts of ../shared/docs/contract.md, plus a manager.
var Accounts = []Account{
	{Email: "admin@demo.scrutineer.test", Name: "Alex Morgan", Role: scrutineer.RoleAdmin, OrganisationSlug: "regulator"},
	{Email: "inspector@demo.scrutineer.test", Name: "Isla Fraser", Role: scrutineer.RoleInspector, OrganisationSlug: "regulator"},
	{Email: "analyst@demo.scrutineer.test", Name: "Ravi Patel", Role: scrutineer.RoleAnalyst, OrganisationSlug: "regulator"},
	// Beyond the contract's list: a service manager, who signs off observations and
	// sets the review settings, so that the demo shows the whole journey.
	{Email: "manager@demo.scrutineer.test", Name: "Kirsty Wallace", Role: scrutineer.RoleManager, OrganisationSlug: "regulator"},
	{Email: "cpc.glasgow@demo.scrutineer.test", Name: "Morag Campbell", Role: scrutineer.RoleCommitteeOfficer, OrganisationSlug: "glasgow-cpc"},
	{Email: "apc.fife@demo.scrutineer.test", Name: "Euan Robertson", Role: scrutineer.RoleCommitteeOfficer, OrganisationSlug: "fife-apc"},
	{Email: "area.clackmannanshire@demo.scrutineer.test", Name: "Shona MacLeod", Role: scrutineer.RoleAreaContact, OrganisationSlug: "clackmannanshire-cjp"},
}

// Users is what seeding needs of the account store.
type Users interface {
	FindUserByEmail(ctx context.Context, email string) (*scrutineer.User, error)
	CreateUser(ctx context.Context, u *scrutineer.User, password string) error
}

// Organisations is what seeding needs of the directory.
type Organisations interface {
	FindOrganisationBySlug(ctx context.Context, slug string) (*scrutineer.Organisation, error)
}

// Emails is what seeding needs of the outbox.
type Emails interface {
	EnqueueEmail(ctx context.Context, e *scrutineer.Email) (string, error)
}

// Stores are the stores seeding writes to.
type Stores struct {
	Users         Users
	Organisations Organisations
	Emails        Emails
	// TwoFactor, when set, enrols the regulator accounts in two-factor
	// authentication (twofactor.go).
	TwoFactor TwoFactor
	// Audit, when set, records each demo account created ("demo.seed"), because
	// creating an account outside an invitation records nothing of its own.
	Audit Auditor
}

// Auditor is what seeding needs of the audit trail.
type Auditor interface {
	RecordAudit(ctx context.Context, e *scrutineer.AuditEntry) error
}

// Seed creates whatever demo data is missing and returns the demo accounts. ctx must
// be a system context (auth.SystemContext).
func Seed(ctx context.Context, s Stores) ([]Account, error) {
	out := make([]Account, 0, len(Accounts))
	for _, a := range Accounts {
		org, err := s.Organisations.FindOrganisationBySlug(ctx, a.OrganisationSlug)
		if err != nil {
			return nil, fmt.Errorf("demo organisation %s: %w", a.OrganisationSlug, err)
		}
		a.OrganisationName = org.Name
		u, err := s.Users.FindUserByEmail(ctx, a.Email)
		if scrutineer.ErrorCode(err) == scrutineer.ENOTFOUND {
			u = &scrutineer.User{Email: a.Email, Name: a.Name, OrganisationID: org.ID, Roles: []scrutineer.Role{a.Role}}
			if err := s.Users.CreateUser(ctx, u, Password); err != nil {
				return nil, fmt.Errorf("demo account %s: %w", a.Email, err)
			}
			if s.Audit != nil {
				err := s.Audit.RecordAudit(ctx, &scrutineer.AuditEntry{Action: "demo.seed", TargetType: "user", TargetID: u.ID,
					OrganisationID: org.ID, Detail: "Demo account created by the demo seed."})
				if err != nil {
					return nil, fmt.Errorf("demo account %s: %w", a.Email, err)
				}
			}
			if _, err := s.Emails.EnqueueEmail(ctx, welcome(a, org)); err != nil {
				return nil, fmt.Errorf("demo welcome email: %w", err)
			}
		} else if err != nil {
			return nil, err
		}
		if s.TwoFactor != nil && a.Role.Regulator() {
			if a.TOTPSecret, err = enrol(ctx, s.TwoFactor, u.ID); err != nil {
				return nil, fmt.Errorf("demo two-factor for %s: %w", a.Email, err)
			}
		}
		out = append(out, a)
	}
	return out, nil
}

// welcome is the email each demo account is sent when it is created, so the outbox
// page has real messages to show.
func welcome(a Account, org *scrutineer.Organisation) *scrutineer.Email {
	return &scrutineer.Email{
		To:      a.Email,
		Subject: "Your Scrutineer demo account",
		Text: fmt.Sprintf("Dear %s,\n\nA Scrutineer demo account has been made for you as %s at %s.\n\n"+
			"Sign in with this email address. The demo password is printed when the demo starts.\n\n"+
			"This is a demonstration: do not enter real information about people.\n\nScrutineer\n",
			a.Name, a.Role.Label(), org.Name),
	}
}
