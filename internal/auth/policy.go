package auth

import (
	"context"
	"slices"

	"github.com/scrutineer/scrutineer"
)

// Action is something a user may be allowed to do. Each names a verb and a kind of
// record; new capabilities add their actions here, so the whole policy can be read in
// one place.
type Action string

// The actions known so far.
const (
	// ManageOrganisations: list, edit, rename and merge directory entries.
	ManageOrganisations Action = "organisations:manage"
	// ViewOrganisations: read the directory (every signed-in user may).
	ViewOrganisations Action = "organisations:view"
	// ManageJobs: see background jobs and the email outbox, retry failed jobs.
	ManageJobs Action = "jobs:manage"
	// ViewAudit: search and export the audit trail.
	ViewAudit Action = "audit:view"
	// VerifyAudit: recompute the audit chain (the operator's command only).
	VerifyAudit Action = "audit:verify"
	// ManageAPITokens: create, list and revoke API tokens. Every user manages their
	// own tokens and nobody else's; the resource's one assigned user is the owner.
	// (Deactivating an account is how an administrator stops someone's tokens.)
	ManageAPITokens Action = "api-tokens:manage"
	// ManageUsers: list accounts, invite people, change their roles, deactivate and
	// reactivate them, end their sessions, resend and withdraw invitations.
	// Administrators only (docs/decisions/0012-accounts-invitations.md).
	ManageUsers Action = "users:manage"
	// ManageOwnAccount: see and end one's own sessions and change one's own password.
	// The resource's AssignedUsers names the account's owner; only they may.
	ManageOwnAccount Action = "account:own"
	// ManageTwoFactor: set up, replace or turn off one's own two-factor
	// authentication and make new recovery codes. The resource's AssignedUsers names
	// the account's owner; only they may (an administrator may not, so no one can
	// quietly take over another person's second factor).
	ManageTwoFactor Action = "twofactor:manage"
	// ResetTwoFactor: remove another person's TOTP secret and recovery codes when they
	// have lost both, so that they set it up again at their next sign-in.
	// Administrators only, and never on their own account: an administrator who could
	// reset their own second factor would make it worthless. The resource's
	// AssignedUsers names the account reset; the zero Resource asks only whether the
	// caller may reset anyone's (docs/decisions/0034-login-two-factor-reset.md).
	ResetTwoFactor Action = "twofactor:reset"
)

// Actions on case content: the records of committees and local areas. The rules are
// the roles table of ../shared/docs/domain.md; records of another organisation answer
// not found.
const (
	// ViewCommitteeRecord: read a learning review (notification, reports, messages).
	// Its committee's officers; inspectors, managers and analysts (the national
	// repository: analysts theme and count it, and it holds no names).
	ViewCommitteeRecord Action = "committee-record:view"
	// EditCommitteeRecord: draft, notify, update or upload to a learning review. Its
	// committee's officers only.
	EditCommitteeRecord Action = "committee-record:edit"
	// AppraiseCommitteeRecord: the regulator's own work on a review (triage, appraisal,
	// observations). Managers, and inspectors assigned to the review.
	AppraiseCommitteeRecord Action = "committee-record:appraise"
	// SearchRepository: full-text search of all review reports. Inspectors, managers
	// and analysts.
	SearchRepository Action = "repository:search"
	// TriageReviews: the queue of new notifications and outcomes, and assigning a
	// review to an inspector. Inspectors and managers.
	TriageReviews Action = "reviews:triage"
	// CodeThemes: accept, reject and add theme codes on a review and its
	// recommendations. Analysts, inspectors and managers.
	CodeThemes Action = "reviews:code-themes"
	// ApproveObservations: sign off and issue observations drafted by an inspector.
	// Managers only.
	ApproveObservations Action = "reviews:approve-observations"
	// ManageReviewSettings: service levels, the appraisal checklist and the theme
	// vocabulary. Managers and administrators.
	ManageReviewSettings Action = "reviews:settings"
	// ViewStatistics: unsuppressed aggregate statistics. Analysts, inspectors, managers.
	ViewStatistics Action = "statistics:view"
	// ViewAreaRecord: an engagement's requests, self-evaluation and factual-accuracy
	// drafts for one area. The area's contacts, assigned inspectors, managers.
	ViewAreaRecord Action = "area-record:view"
	// EditAreaRecord: answer a request or draft a self-evaluation. The area's contacts.
	EditAreaRecord Action = "area-record:edit"
	// ReadCaseRecord: read and record a case-file reading. Local readers and inspectors
	// allocated to that record only.
	ReadCaseRecord Action = "case-record:read"
	// ManagePublications: create, upload, preview, publish and withdraw publications,
	// and build national overview reports. Managers and analysts
	// (docs/decisions/0121-publications-and-report-builder.md).
	ManagePublications Action = "publications:manage"
)

// Actions on the secure document exchange (docs/decisions/0090-documents-exchange.md).
const (
	// ListDocuments: open the documents page. Committee officers and area contacts
	// (their organisation's documents), inspectors and managers (documents sent to
	// the regulator); the list itself asks ViewDocument or EditDocument per record.
	ListDocuments Action = "documents:list"
	// UploadDocuments: start a new document. Committee officers and area contacts; the
	// document always belongs to their own organisation.
	UploadDocuments Action = "documents:upload"
	// EditDocument: see a draft, upload a new version, dismiss findings and send it.
	// The owning organisation's committee officers and area contacts only.
	EditDocument Action = "document:edit"
	// ViewDocument: read and download a document sent to the regulator. Its
	// organisation's officers and contacts, inspectors and managers.
	ViewDocument Action = "document:view"
)

// Resource describes the record an action is on: the organisation that owns it, and
// the users assigned or allocated to it. The zero Resource means "no particular
// record" (a list page or an administrative function).
type Resource struct {
	OrganisationID string
	AssignedUsers  []string
}

// Allowed reports whether u may do action to res. It is the single answer to "may
// this user do this action to this record"; every service method asks it through
// Authorise.
func Allowed(u *scrutineer.User, action Action, res Resource) bool {
	if u == nil || !u.Active {
		return false
	}
	switch action {
	case ViewOrganisations:
		return true
	case ManageOrganisations, ManageJobs, ViewAudit:
		return u.Has(scrutineer.RoleAdmin)
	case ManageAPITokens:
		return assigned(u, res)
	case ManageUsers:
		return u.Has(scrutineer.RoleAdmin)
	case ManageOwnAccount:
		return assigned(u, res)
	case ManageTwoFactor:
		return ownAccount(u, res)
	case ResetTwoFactor:
		return u.Has(scrutineer.RoleAdmin) && !assigned(u, res)
	case ViewCommitteeRecord:
		return ownCommitteeOfficer(u, res) || u.Has(scrutineer.RoleInspector) || u.Has(scrutineer.RoleManager) || u.Has(scrutineer.RoleAnalyst)
	case EditCommitteeRecord:
		return ownCommitteeOfficer(u, res)
	case AppraiseCommitteeRecord:
		return u.Has(scrutineer.RoleManager) || (u.Has(scrutineer.RoleInspector) && assigned(u, res))
	case SearchRepository:
		return u.Has(scrutineer.RoleInspector) || u.Has(scrutineer.RoleManager) || u.Has(scrutineer.RoleAnalyst)
	case TriageReviews:
		return u.Has(scrutineer.RoleInspector) || u.Has(scrutineer.RoleManager)
	case CodeThemes:
		return u.Has(scrutineer.RoleAnalyst) || u.Has(scrutineer.RoleInspector) || u.Has(scrutineer.RoleManager)
	case ApproveObservations:
		return u.Has(scrutineer.RoleManager)
	case ManageReviewSettings:
		return u.Has(scrutineer.RoleManager) || u.Has(scrutineer.RoleAdmin)
	case ViewStatistics:
		return u.Has(scrutineer.RoleAnalyst) || u.Has(scrutineer.RoleInspector) || u.Has(scrutineer.RoleManager)
	case ViewAreaRecord:
		return ownArea(u, res) || u.Has(scrutineer.RoleManager) || (u.Has(scrutineer.RoleInspector) && assigned(u, res))
	case EditAreaRecord:
		return ownArea(u, res)
	case ReadCaseRecord:
		return (u.Has(scrutineer.RoleLocalReader) || u.Has(scrutineer.RoleInspector)) && assigned(u, res)
	case ManagePublications:
		return u.Has(scrutineer.RoleManager) || u.Has(scrutineer.RoleAnalyst)
	case ListDocuments:
		return u.Has(scrutineer.RoleCommitteeOfficer) || u.Has(scrutineer.RoleAreaContact) || u.Has(scrutineer.RoleInspector) || u.Has(scrutineer.RoleManager)
	case UploadDocuments:
		return u.Has(scrutineer.RoleCommitteeOfficer) || u.Has(scrutineer.RoleAreaContact)
	case EditDocument:
		return ownCommitteeOfficer(u, res) || ownArea(u, res)
	case ViewDocument:
		return ownCommitteeOfficer(u, res) || ownArea(u, res) || u.Has(scrutineer.RoleInspector) || u.Has(scrutineer.RoleManager)
	}
	return false
}

// ownCommitteeOfficer: a committee officer acting on their own committee's record.
func ownCommitteeOfficer(u *scrutineer.User, res Resource) bool {
	return u.Has(scrutineer.RoleCommitteeOfficer) && res.OrganisationID != "" && res.OrganisationID == u.OrganisationID
}

// ownArea: an area contact acting on their own area's record.
func ownArea(u *scrutineer.User, res Resource) bool {
	return u.Has(scrutineer.RoleAreaContact) && res.OrganisationID != "" && res.OrganisationID == u.OrganisationID
}

// assigned: the user is among those assigned or allocated to the record.
func assigned(u *scrutineer.User, res Resource) bool { return slices.Contains(res.AssignedUsers, u.ID) }

// Authorise returns nil when the user in ctx may do action to res. A caller who is not
// signed in gets EUNAUTHORISED; a signed-in caller who may not gets ENOTFOUND, so that
// the existence of other organisations' records is never revealed.
func Authorise(ctx context.Context, action Action, res Resource) error {
	if isSystem(ctx) {
		return nil
	}
	u := scrutineer.UserFromContext(ctx)
	if u == nil {
		return scrutineer.Errorf(scrutineer.EUNAUTHORISED, "Sign in to continue.")
	}
	if !Allowed(u, action, res) {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	return nil
}

type systemKey struct{}

// SystemContext marks ctx as the service acting on its own behalf: migrations, the
// reference-data sync, background jobs and administrative commands run on the server
// by its operator. It is never derived from a web request.
func SystemContext(ctx context.Context) context.Context {
	return context.WithValue(ctx, systemKey{}, true)
}

// IsSystemContext reports whether ctx is the service acting on its own behalf.
func IsSystemContext(ctx context.Context) bool { return isSystem(ctx) }

func isSystem(ctx context.Context) bool {
	v, _ := ctx.Value(systemKey{}).(bool)
	return v
}
