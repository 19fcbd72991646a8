package web

import (
	"strings"

	"github.com/scrutineer/scrutineer"
)

// Plain-English names for the codes the audit trail records. A code without a name
// here is shown as it is, so a new action never hides from the log.

var auditActionLabels = map[string]string{
	"login.success":            "Signed in",
	"login.failure":            "Sign-in failed",
	"login.lockout":            "Sign-in locked out",
	"session.end":              "Session ended",
	"session.end_others":       "Other sessions ended",
	"session.end_all":          "All sessions ended",
	"user.create":              "Account created",
	"user.invite":              "Invited to an account",
	"user.roles_change":        "Roles changed",
	"user.deactivate":          "Account deactivated",
	"user.reactivate":          "Account reactivated",
	"invitation.accept":        "Invitation accepted",
	"invitation.resend":        "Invitation sent again",
	"invitation.withdraw":      "Invitation withdrawn",
	"password.change":          "Password changed",
	"password.reset":           "Password reset",
	"password.reset_request":   "Password reset asked for",
	"twofactor.enrol":          "Two-factor authentication set up",
	"twofactor.replace":        "Two-factor authentication replaced",
	"twofactor.disable":        "Two-factor authentication turned off",
	"twofactor.recovery_codes": "Recovery codes made",
	"twofactor.reset":          "Two-factor authentication reset by an administrator",
	"api_token.create":         "API token created",
	"api_token.revoke":         "API token revoked",
	"api_token.refused":        "API token refused",
	"organisation.create":      "Organisation added",
	"organisation.update":      "Organisation changed",
	"organisation.merge":       "Organisation merged",
	"directory.sync":           "Organisation added from the reference directory",
	"demo.seed":                "Demo account created",
	"document.upload":          "Document uploaded",
	"document.check":           "Document checked for personal data",
	"document.unreadable":      "Document text could not be read",
	"document.submit":          "Document sent to the regulator",
	"finding.dismiss":          "Finding marked not personal data",
	"key.rotate":               "Service key rotated",
	"document.view":            "Document viewed",
	"document.download":        "Document downloaded",
	"job.queue":                "Background job queued",
	"job.retry":                "Failed job tried again",
	"email.queue":              "Email queued",
	"email.view":               "Email read in the outbox",
	"email.sent":               "Email sent",
	"email.kept":               "Email kept, not sent",
	"outbox.prune":             "Old jobs and emails removed",
	"audit.export":             "Audit log exported",
}

var auditGroupLabels = map[string]string{
	"login":        "Sign-in",
	"session":      "Session",
	"user":         "Account",
	"invitation":   "Invitation",
	"password":     "Password",
	"twofactor":    "Two-factor authentication",
	"api_token":    "API token",
	"organisation": "Organisation",
	"directory":    "Reference directory",
	"demo":         "Demo data",
	"document":     "Document",
	"finding":      "Personal-data finding",
	"key":          "Service key",
	"job":          "Background job",
	"email":        "Email",
	"outbox":       "Outbox",
	"audit":        "Audit log",
}

var auditTypeLabels = map[string]string{
	"user":         "Account",
	"organisation": "Organisation",
	"api_token":    "API token",
	"document":     "Document",
	"job":          "Background job",
	"email":        "Email",
	"audit_log":    "Audit log",
	"session":      "Session",
	"invitation":   "Invitation",
}

func auditActionLabel(a string) string { return labelOr(auditActionLabels, a) }
func auditGroupLabel(g string) string  { return labelOr(auditGroupLabels, g) }
func auditTypeLabel(t string) string   { return labelOr(auditTypeLabels, t) }

// labelOr returns the label of code, or the code itself with its first letter
// capitalised and underscores as spaces.
func labelOr(labels map[string]string, code string) string {
	if l, ok := labels[code]; ok {
		return l
	}
	l := strings.ReplaceAll(code, "_", " ")
	if l == "" {
		return l
	}
	return strings.ToUpper(l[:1]) + l[1:]
}

// auditActor says who acted, by name where the account is known.
func auditActor(e *scrutineer.AuditEntry) string {
	n := e.Names
	who := n.ActorName
	if who != "" && n.ActorEmail != "" {
		who += " (" + n.ActorEmail + ")"
	}
	switch {
	case e.ActorID == "" && e.ActorLabel == "system":
		return "Scrutineer itself"
	case e.ActorID == "":
		return "Someone not signed in"
	case who == "":
		who = "An account no longer on record (" + e.ActorID + ")"
	}
	if e.ActorLabel == "api token" {
		who += ", through an API token"
	}
	return who
}

// auditTarget says what an entry is about, and where its page is, if it has one.
func auditTarget(e *scrutineer.AuditEntry) (text, href string) {
	if e.TargetType == "" {
		return "", ""
	}
	// NOTE: a record without a name is shown by its kind only; its identifier, a
	// long code, is on the entry's own page.
	text = auditTypeLabel(e.TargetType)
	if e.Names.TargetName != "" {
		text += ": " + e.Names.TargetName
	}
	switch {
	case e.TargetType == "organisation" && e.Names.TargetSlug != "":
		href = organisationPath(e.Names.TargetSlug)
	case e.TargetType == "email" && e.TargetID != "":
		href = "/admin/outbox/" + e.TargetID
	case e.TargetType == "user" && e.Names.TargetName != "":
		href = "/admin/users/" + e.TargetID
	}
	return text, href
}

// auditOutcomeColours gives each outcome a design system tag colour.
var auditOutcomeColours = map[string]string{
	scrutineer.OutcomeSuccess: "green",
	scrutineer.OutcomeFailure: "orange",
	scrutineer.OutcomeRefused: "red",
}
