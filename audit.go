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
	// Names is filled by finders for display; it is not part of the chain.
	Names AuditNames
}

// AuditNames are the names, as they are now, of the people and organisations an
// entry refers to by identifier. The trail itself keeps identifiers only, so that a
// rename or an erased account never changes a recorded entry.
type AuditNames struct {
	ActorName, ActorEmail              string
	OrganisationName, OrganisationSlug string
	// TargetName and TargetSlug name the target when it is an organisation or a user.
	TargetName, TargetSlug string
}

// AuditFilter narrows a search of the trail. Zero fields match everything.
type AuditFilter struct {
	ActorID        string
	ActorEmail     string // the actor's email address; the store looks it up to ActorID
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
	// FindAuditEntry returns the entry with this sequence number, or ENOTFOUND.
	// Administrators and the service itself only.
	FindAuditEntry(ctx context.Context, seq int64) (*AuditEntry, error)
	// ExportAudit records the export as an "audit.export" entry, then calls each for
	// every entry matching f (Limit and Offset ignored) that existed before the
	// export, newest first. Administrators only; others ENOTFOUND.
	ExportAudit(ctx context.Context, f AuditFilter, each func(*AuditEntry) error) error
	// AuditFacets lists the distinct actions and target types in the trail, for
	// search forms. Administrators only.
	AuditFacets(ctx context.Context) (actions, targetTypes []string, err error)
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
