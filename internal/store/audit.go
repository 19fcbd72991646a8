package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// Audit keeps the append-only, hash-chained audit trail. It implements
// scrutineer.AuditService.
type Audit struct{ db *DB }

// NewAudit returns the audit trail store.
func NewAudit(db *DB) *Audit { return &Audit{db: db} }

var _ scrutineer.AuditService = (*Audit)(nil)

// RecordAudit appends e in a transaction of its own. Use RecordTx to record inside the
// transaction of the change being audited, so the change and its entry commit together.
func (a *Audit) RecordAudit(ctx context.Context, e *scrutineer.AuditEntry) error {
	return a.db.WriteTx(ctx, func(tx *sql.Tx) error { return a.RecordTx(ctx, tx, e) })
}

// RecordTx appends e inside tx. The actor, time, client address and request ID are
// filled from ctx when not set. The chain head is locked for the rest of tx, so audited
// transactions commit their entries one after another.
func (a *Audit) RecordTx(ctx context.Context, tx *sql.Tx, e *scrutineer.AuditEntry) error {
	fillAudit(ctx, e, a.db.Now())
	var last int64
	var lastHash string
	if err := tx.QueryRowContext(ctx, `SELECT last_seq, last_hash FROM audit_head WHERE id = 1`+a.db.forUpdate()).Scan(&last, &lastHash); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	e.Seq, e.PrevHash = last+1, lastHash
	e.Hash = AuditHash(e)
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_log (seq, at, actor_id, actor_label, action, target_type, target_id, organisation_id, outcome, detail, client_addr, request_id, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		e.Seq, Time{e.At}, e.ActorID, e.ActorLabel, e.Action, e.TargetType, e.TargetID, e.OrganisationID, e.Outcome, e.Detail, e.ClientAddr, e.RequestID, e.PrevHash, e.Hash); err != nil {
		return fmt.Errorf("audit insert: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE audit_head SET last_seq = $1, last_hash = $2 WHERE id = 1`, e.Seq, e.Hash); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	return nil
}

// fillAudit completes an entry from the context: who acted, from where, and when.
func fillAudit(ctx context.Context, e *scrutineer.AuditEntry, now time.Time) {
	if e.At.IsZero() {
		e.At = now
	}
	// Both engines keep microseconds; the hash must cover what is stored.
	e.At = e.At.UTC().Truncate(time.Microsecond)
	if e.ActorID == "" && e.ActorLabel == "" {
		switch u := scrutineer.UserFromContext(ctx); {
		case u != nil:
			e.ActorID, e.ActorLabel = u.ID, "user"
			// A user acting through the API is recorded as such ("api token").
			if l := scrutineer.ActorLabelFromContext(ctx); l != "" {
				e.ActorLabel = l
			}
		case auth.IsSystemContext(ctx):
			e.ActorLabel = "system"
		default:
			e.ActorLabel = "anonymous"
		}
	}
	meta := scrutineer.RequestMetaFromContext(ctx)
	if e.ClientAddr == "" {
		e.ClientAddr = meta.ClientAddr
	}
	if e.RequestID == "" {
		e.RequestID = meta.RequestID
	}
	if e.Outcome == "" {
		e.Outcome = scrutineer.OutcomeSuccess
	}
}

// AuditHash is the SHA-256 of an entry's fields and the previous entry's hash. Each
// field is length-prefixed so no two different entries serialise alike.
func AuditHash(e *scrutineer.AuditEntry) string {
	h := sha256.New()
	for _, f := range []string{
		strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(timeLayout), e.ActorID, e.ActorLabel, e.Action,
		e.TargetType, e.TargetID, e.OrganisationID, e.Outcome, e.Detail, e.ClientAddr, e.RequestID, e.PrevHash,
	} {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

const auditColumns = `seq, at, actor_id, actor_label, action, target_type, target_id, organisation_id, outcome, detail, client_addr, request_id, prev_hash, hash`

func scanAudit(row interface{ Scan(...any) error }) (*scrutineer.AuditEntry, error) {
	var e scrutineer.AuditEntry
	var at Time
	err := row.Scan(&e.Seq, &at, &e.ActorID, &e.ActorLabel, &e.Action, &e.TargetType, &e.TargetID, &e.OrganisationID, &e.Outcome, &e.Detail, &e.ClientAddr, &e.RequestID, &e.PrevHash, &e.Hash)
	e.At = at.Time
	return &e, err
}

// VerifyAudit walks the whole chain in order and returns the sequence number of the
// first entry that is missing, out of order, altered, or not linked to the one before,
// or 0 when the chain is intact. It also checks the head against the last entry, so
// entries cut off the end are found. The service itself only.
func (a *Audit) VerifyAudit(ctx context.Context) (brokenAt, checked int64, err error) {
	if err := auth.Authorise(ctx, auth.VerifyAudit, auth.Resource{}); err != nil {
		return 0, 0, err
	}
	// The head and the entries must be read at one moment, or entries committed in
	// between would look like a chain that runs past its head.
	tx, err := a.db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: a.db.snapshot()})
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback()
	var headSeq int64
	var headHash string
	if err := tx.QueryRowContext(ctx, `SELECT last_seq, last_hash FROM audit_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
		return 0, 0, fmt.Errorf("audit head: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log ORDER BY seq`)
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	prev := ""
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return 0, checked, err
		}
		if e.Seq != checked+1 {
			return checked + 1, checked, nil
		}
		if e.PrevHash != prev || AuditHash(e) != e.Hash {
			return e.Seq, checked, nil
		}
		prev, checked = e.Hash, e.Seq
	}
	if err := rows.Err(); err != nil {
		return 0, checked, err
	}
	if headSeq != checked || headHash != prev {
		return checked + 1, checked, nil
	}
	return 0, checked, nil
}
