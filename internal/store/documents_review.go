package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/scrutineer/scrutineer"
)

// maxReason bounds the reason given for dismissing a finding, in characters.
const maxReason = 500

// DismissFinding marks a finding of the document's latest version "not personal
// data" with the caller's reason, and records it ("finding.dismiss"; the reason stays
// out of the trail, as it may quote the text). Callers: the document's organisation
// (auth.EditDocument). EINVALID without a reason, ENOTFOUND for a finding not on the
// latest version, ECONFLICT when already dismissed or the document has been sent.
func (s *Documents) DismissFinding(ctx context.Context, docID, findingID, reason string) error {
	reason = strings.TrimSpace(reason)
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		d, err := s.editable(ctx, tx, docID)
		if err != nil {
			return err
		}
		var p scrutineer.Problems
		switch {
		case reason == "":
			p.Add("reason", "Enter why this is not personal data")
		case utf8.RuneCountInString(reason) > maxReason:
			p.Add("reason", fmt.Sprintf("Reason must be %d characters or fewer", maxReason))
		}
		if err := p.Err("Check the reason."); err != nil {
			return err
		}
		var kind string
		var number int
		var dismissed Time
		err = tx.QueryRowContext(ctx, `SELECT f.kind, v.number, f.dismissed_at FROM document_findings f JOIN document_versions v ON v.id = f.version_id
			WHERE f.id = $1 AND v.document_id = $2 AND v.number = (SELECT MAX(number) FROM document_versions WHERE document_id = $2)`, findingID, d.ID).Scan(&kind, &number, &dismissed)
		if errors.Is(err, sql.ErrNoRows) {
			return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
		}
		if err != nil {
			return fmt.Errorf("find finding: %w", err)
		}
		if !dismissed.IsZero() {
			return scrutineer.Errorf(scrutineer.ECONFLICT, "This finding has already been marked as not personal data.")
		}
		u := scrutineer.UserFromContext(ctx)
		by := ""
		if u != nil {
			by = u.ID
		}
		if _, err := tx.ExecContext(ctx, `UPDATE document_findings SET dismissed_reason = $1, dismissed_by = NULLIF($2, ''), dismissed_at = $3 WHERE id = $4`,
			reason, by, Time{s.db.Now()}, findingID); err != nil {
			return fmt.Errorf("dismiss finding: %w", err)
		}
		return s.audit(ctx, tx, "finding.dismiss", d, fmt.Sprintf("Version %d: a %s finding marked not personal data.", number, kind))
	})
}

// SendDocument sends the document to the regulator: its latest version must have
// been read and checked and, where anonymised content is expected, every finding
// resolved. index, when not nil, runs in the same transaction with the document and
// its latest version (the search index update). Audited as "document.submit".
// Callers: the document's organisation (auth.EditDocument). ECONFLICT when it is not
// ready, with what to do; ENOTFOUND for a document the caller may not edit.
func (s *Documents) SendDocument(ctx context.Context, id string, index func(*sql.Tx, *scrutineer.Document, *scrutineer.DocumentVersion) error) error {
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		if _, err := s.editable(ctx, tx, id); err != nil {
			return err
		}
		d, err := s.load(ctx, tx, id)
		if err != nil {
			return err
		}
		v := d.Latest()
		if err := d.ReadyToSend(); err != nil {
			return err
		}
		now := s.db.Now()
		u := scrutineer.UserFromContext(ctx)
		if u == nil {
			return scrutineer.Errorf(scrutineer.EUNAUTHORISED, "Sign in to continue.")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET status = $1, sent_by = $2, sent_at = $3, updated_at = $3 WHERE id = $4`,
			string(scrutineer.DocumentSent), u.ID, Time{now}, d.ID); err != nil {
			return fmt.Errorf("send document: %w", err)
		}
		d.Status, d.SentBy, d.SentAt = scrutineer.DocumentSent, u.ID, now
		if index != nil {
			if err := index(tx, d, v); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, "document.submit", d, fmt.Sprintf("Version %d sent to the regulator.", v.Number))
	})
}
