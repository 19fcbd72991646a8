package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// Searching and exporting the audit trail: the administrators' window on it. The
// trail holds identifiers only; these queries join the names as they are now, so the
// page can say "Alex Morgan" rather than a UUID without the trail ever changing.

const auditSearchSelect = `SELECT a.seq, a.at, a.actor_id, a.actor_label, a.action, a.target_type, a.target_id,
	a.organisation_id, a.outcome, a.detail, a.client_addr, a.request_id, a.prev_hash, a.hash,
	COALESCE(u.name, ''), COALESCE(u.email, ''), COALESCE(o.name, ''), COALESCE(o.slug, ''),
	COALESCE(t.name, tu.name, ''), COALESCE(t.slug, '')
	FROM audit_log a
	LEFT JOIN users u ON u.id = a.actor_id
	LEFT JOIN organisations o ON o.id = a.organisation_id
	LEFT JOIN organisations t ON a.target_type = 'organisation' AND t.id = a.target_id
	LEFT JOIN users tu ON a.target_type = 'user' AND tu.id = a.target_id`

func scanAuditNamed(row interface{ Scan(...any) error }) (*scrutineer.AuditEntry, error) {
	var e scrutineer.AuditEntry
	var at Time
	n := &e.Names
	err := row.Scan(&e.Seq, &at, &e.ActorID, &e.ActorLabel, &e.Action, &e.TargetType, &e.TargetID, &e.OrganisationID,
		&e.Outcome, &e.Detail, &e.ClientAddr, &e.RequestID, &e.PrevHash, &e.Hash,
		&n.ActorName, &n.ActorEmail, &n.OrganisationName, &n.OrganisationSlug, &n.TargetName, &n.TargetSlug)
	e.At = at.Time
	return &e, err
}

// auditWhere turns a filter into SQL conditions on audit_log a. An actor given by
// email is looked up first: EINVALID when no account has that address.
func (a *Audit) auditWhere(ctx context.Context, f scrutineer.AuditFilter) ([]string, []any, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if email := strings.ToLower(strings.TrimSpace(f.ActorEmail)); email != "" {
		err := a.db.read.QueryRowContext(ctx, `SELECT id FROM users WHERE email = $1`, email).Scan(&f.ActorID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil, &scrutineer.Error{Code: scrutineer.EINVALID, Message: "Check the search.",
				Fields: map[string]string{"actor": "No account has this email address"}}
		}
		if err != nil {
			return nil, nil, fmt.Errorf("audit actor: %w", err)
		}
	}
	if strings.HasSuffix(f.Action, ".") {
		add("substr(a.action, 1, "+strconv.Itoa(len(f.Action))+") = ?", f.Action)
	} else if f.Action != "" {
		add("a.action = ?", f.Action)
	}
	for _, c := range []struct{ col, v string }{
		{"a.actor_id", f.ActorID}, {"a.target_type", f.TargetType}, {"a.target_id", f.TargetID},
		{"a.organisation_id", f.OrganisationID}, {"a.outcome", f.Outcome},
	} {
		if c.v != "" {
			add(c.col+" = ?", c.v)
		}
	}
	if !f.From.IsZero() {
		add("a.at >= ?", Time{f.From})
	}
	if !f.To.IsZero() {
		add("a.at < ?", Time{f.To})
	}
	return where, args, nil
}

// FindAudit searches the trail, newest first, with the names of actors, targets and
// organisations filled in. Administrators only; others ENOTFOUND. EINVALID when
// f.ActorEmail belongs to no account. At most 10,000 entries a call; 100 when
// f.Limit is not set.
func (a *Audit) FindAudit(ctx context.Context, f scrutineer.AuditFilter) ([]*scrutineer.AuditEntry, error) {
	if err := auth.Authorise(ctx, auth.ViewAudit, auth.Resource{}); err != nil {
		return nil, err
	}
	where, args, err := a.auditWhere(ctx, f)
	if err != nil {
		return nil, err
	}
	limit := f.Limit
	if limit <= 0 || limit > 10000 {
		limit = 100
	}
	q := auditSearchSelect + auditWhereSQL(where) + fmt.Sprintf(` ORDER BY a.seq DESC LIMIT %d OFFSET %d`, limit, max(f.Offset, 0))
	var out []*scrutineer.AuditEntry
	err = a.eachAudit(ctx, q, args, func(e *scrutineer.AuditEntry) error {
		out = append(out, e)
		return nil
	})
	return out, err
}

func auditWhereSQL(where []string) string {
	if len(where) == 0 {
		return ""
	}
	return ` WHERE ` + strings.Join(where, " AND ")
}

func (a *Audit) eachAudit(ctx context.Context, q string, args []any, each func(*scrutineer.AuditEntry) error) error {
	rows, err := a.db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("find audit: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanAuditNamed(rows)
		if err != nil {
			return fmt.Errorf("find audit: %w", err)
		}
		if err := each(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ExportAudit records the export in the trail ("audit.export", its filter in the
// detail), then streams every entry matching f that was recorded before it, newest
// first, to each. Limit and Offset are ignored. Administrators only; others ENOTFOUND.
// EINVALID when f.ActorEmail belongs to no account. An error from each stops the
// export and is returned.
//
// NOTE: the rows are read after the export is recorded, so an export that could not
// be recorded never happens; stopping at the export's own entry makes the file the
// trail as it stood when the administrator asked, however long the download takes.
func (a *Audit) ExportAudit(ctx context.Context, f scrutineer.AuditFilter, each func(*scrutineer.AuditEntry) error) error {
	if err := auth.Authorise(ctx, auth.ViewAudit, auth.Resource{}); err != nil {
		return err
	}
	where, args, err := a.auditWhere(ctx, f)
	if err != nil {
		return err
	}
	mark := &scrutineer.AuditEntry{Action: "audit.export", TargetType: "audit_log", Detail: describeAuditFilter(f)}
	if err := a.RecordAudit(ctx, mark); err != nil {
		return err
	}
	args = append(args, mark.Seq)
	where = append(where, "a.seq < $"+strconv.Itoa(len(args)))
	return a.eachAudit(ctx, auditSearchSelect+auditWhereSQL(where)+` ORDER BY a.seq DESC`, args, each)
}

// describeAuditFilter says in a few words which entries an export holds. It names
// the actor by identifier, never by email address: the trail holds no personal data.
func describeAuditFilter(f scrutineer.AuditFilter) string {
	var parts []string
	add := func(name, v string) {
		if v != "" {
			parts = append(parts, name+" "+v)
		}
	}
	add("action", f.Action)
	if f.ActorEmail != "" || f.ActorID != "" {
		parts = append(parts, "one actor")
	}
	add("target type", f.TargetType)
	add("target", f.TargetID)
	add("organisation", f.OrganisationID)
	add("outcome", f.Outcome)
	if !f.From.IsZero() {
		add("from", f.From.UTC().Format("2006-01-02T15:04Z"))
	}
	if !f.To.IsZero() {
		add("before", f.To.UTC().Format("2006-01-02T15:04Z"))
	}
	if len(parts) == 0 {
		return "Exported every entry"
	}
	return "Exported entries with " + strings.Join(parts, ", ")
}

// FindAuditEntry returns one entry with its names. Administrators and the service
// itself only; ENOTFOUND when there is no entry with this sequence number.
func (a *Audit) FindAuditEntry(ctx context.Context, seq int64) (*scrutineer.AuditEntry, error) {
	if err := auth.Authorise(ctx, auth.ViewAudit, auth.Resource{}); err != nil {
		return nil, err
	}
	e, err := scanAuditNamed(a.db.read.QueryRowContext(ctx, auditSearchSelect+` WHERE a.seq = $1`, seq))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "There is no audit entry with this number.")
	}
	if err != nil {
		return nil, fmt.Errorf("find audit entry: %w", err)
	}
	return e, nil
}

// AuditFacets lists the distinct actions and target types recorded, sorted, for the
// search form. Administrators only.
//
// NOTE: each list is read by skipping along an index (the smallest value greater
// than the last one found), so the cost grows with the number of distinct values,
// not with the length of the trail; a plain SELECT DISTINCT would read every entry.
func (a *Audit) AuditFacets(ctx context.Context) (actions, targetTypes []string, err error) {
	if err := auth.Authorise(ctx, auth.ViewAudit, auth.Resource{}); err != nil {
		return nil, nil, err
	}
	if actions, err = a.distinct(ctx, "action"); err != nil {
		return nil, nil, err
	}
	if targetTypes, err = a.distinct(ctx, "target_type"); err != nil {
		return nil, nil, err
	}
	return actions, targetTypes, nil
}

// distinct returns the distinct non-empty values of an indexed column of audit_log.
func (a *Audit) distinct(ctx context.Context, col string) ([]string, error) {
	rows, err := a.db.read.QueryContext(ctx, `WITH RECURSIVE v(x) AS (
		SELECT min(`+col+`) FROM audit_log WHERE `+col+` <> ''
		UNION ALL
		SELECT (SELECT min(`+col+`) FROM audit_log WHERE `+col+` > v.x) FROM v WHERE v.x IS NOT NULL
	) SELECT x FROM v WHERE x IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("audit %s list: %w", col, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out, rows.Err()
}
