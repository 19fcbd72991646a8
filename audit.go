package scrutineer

import (
	"context"
	"time"
)

// Outcomes of an audited action.
const (
	OutcomeSuccess = "success"
	OutcomeFailure = "failure" // the action was attempted and did not succeed (a wrong password)
	OutcomeRefused = "refused" // the policy or a throttle refused it
)

// AuditEntry is one line of the append-only audit trail. Entries hold identifiers and
// codes, never the content of records: the trail must be safe to hand to an
// information governance officer.
type AuditEntry struct {
	Seq            int64 // position in the chain, from 1
	At             time.Time
	ActorID        string // the user, or "" for the service itself or an unknown caller
	ActorLabel     string // how the actor was known at the time: "user", "system", "anonymous", "api token"
	Action         string // dotted verb, e.g. "login.success", "organisation.update", "document.view"
	TargetType     string // e.g. "user", "organisation", "document"
	TargetID       string
	OrganisationID string // the organisation that owns the target, for searching
	Outcome        string // OutcomeSuccess, OutcomeFailure or OutcomeRefused
	Detail         string // a short note in plain words; never personal data
	ClientAddr     string // the client's network address, for security investigations
	RequestID      string
	PrevHash       string
	Hash           string
}

// AuditFilter narrows a search of the trail. Zero fields match everything.
type AuditFilter struct {
	ActorID        string
	Action         string // exact action, or a prefix ending in "." such as "login."
	TargetType     string
	TargetID       string
	OrganisationID string
	Outcome        string
	From, To       time.Time // To is exclusive
	Limit, Offset  int
}

// AuditService keeps the audit trail.
type AuditService interface {
	// RecordAudit appends an entry in its own transaction. Anyone may cause an entry;
	// the actor is taken from ctx when not set.
	RecordAudit(ctx context.Context, e *AuditEntry) error
	// FindAudit searches the trail, newest first. Administrators only; others ENOTFOUND.
	FindAudit(ctx context.Context, f AuditFilter) ([]*AuditEntry, error)
	// VerifyAudit recomputes the hash chain and returns the first broken entry's
	// sequence number, or 0 when the chain is intact. The service itself only.
	VerifyAudit(ctx context.Context) (brokenAt int64, checked int64, err error)
}

type requestMetaKey struct{}

// RequestMeta is what the web layer knows about a request that the audit trail
// records: the client's address and the request ID.
type RequestMeta struct {
	ClientAddr string
	RequestID  string
}

// NewContextWithRequestMeta returns a context carrying the request's metadata.
func NewContextWithRequestMeta(ctx context.Context, m RequestMeta) context.Context {
	return context.WithValue(ctx, requestMetaKey{}, m)
}

// RequestMetaFromContext returns the request's metadata, or the zero value.
func RequestMetaFromContext(ctx context.Context) RequestMeta {
	m, _ := ctx.Value(requestMetaKey{}).(RequestMeta)
	return m
}
