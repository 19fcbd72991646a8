package store

import (
	"context"
	"database/sql"

	"github.com/scrutineer/scrutineer"
)

// pendingAudit gathers the audit entries of a transaction that changes several rows,
// to be recorded together at its end.
//
// NOTE: recording locks the chain's head row until commit (PostgreSQL). A
// transaction that locked the head and then waited for a row that another audited
// transaction holds, while that one waited for the head, would deadlock; so the head
// is locked after every other row the transaction changes. See
// docs/decisions/0021-audit-chain-head.md.
type pendingAudit []*scrutineer.AuditEntry

func (p *pendingAudit) add(e *scrutineer.AuditEntry) { *p = append(*p, e) }

// record appends the gathered entries to the trail inside tx, in the order they
// were gathered.
func (p pendingAudit) record(ctx context.Context, tx *sql.Tx, db *DB) error {
	a := NewAudit(db)
	for _, e := range p {
		if err := a.RecordTx(ctx, tx, e); err != nil {
			return err
		}
	}
	return nil
}
