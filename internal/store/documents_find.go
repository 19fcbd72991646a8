package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

const documentColumns = `d.id, d.organisation_id, d.owner_type, d.owner_id, d.kind, d.anonymised, d.title, d.status, d.created_by, d.created_at, d.updated_at, COALESCE(d.sent_by, ''), d.sent_at`

func scanDocument(row scanner) (*scrutineer.Document, error) {
	var d scrutineer.Document
	var kind, status string
	var created, updated, sent Time
	if err := row.Scan(&d.ID, &d.OrganisationID, &d.OwnerType, &d.OwnerID, &kind, &d.AnonymisedExpected, &d.Title, &status, &d.CreatedBy, &created, &updated, &d.SentBy, &sent); err != nil {
		return nil, err
	}
	d.Kind, d.Status = scrutineer.DocumentKind(kind), scrutineer.DocumentStatus(status)
	d.CreatedAt, d.UpdatedAt, d.SentAt = created.Time, updated.Time, sent.Time
	return &d, nil
}

const versionColumns = `v.id, v.document_id, v.number, v.filename, v.sha256, v.size, v.format, v.uploaded_by, COALESCE(u.name, ''), v.uploaded_at, v.extraction, v.pages_done, v.pages_total, v.extraction_message, v.text_sha256, v.check_status`

func scanVersion(row scanner) (*scrutineer.DocumentVersion, error) {
	var v scrutineer.DocumentVersion
	var extraction, check string
	var uploaded Time
	if err := row.Scan(&v.ID, &v.DocumentID, &v.Number, &v.Filename, &v.SHA256, &v.Size, &v.Format, &v.UploadedBy, &v.UploadedByName, &uploaded, &extraction, &v.PagesDone, &v.PagesTotal, &v.ExtractionMessage, &v.TextSHA256, &check); err != nil {
		return nil, err
	}
	v.UploadedAt, v.Extraction, v.Check = uploaded.Time, scrutineer.ExtractionStatus(extraction), scrutineer.CheckStatus(check)
	return &v, nil
}

// mayView authorises reading d: its organisation's people while it is a draft,
// regulator staff too once it has been sent.
func mayView(ctx context.Context, d *scrutineer.Document) error {
	res := auth.Resource{OrganisationID: d.OrganisationID}
	if d.Status == scrutineer.DocumentSent {
		return auth.Authorise(ctx, auth.ViewDocument, res)
	}
	return auth.Authorise(ctx, auth.EditDocument, res)
}

// FindDocuments lists the documents the caller may see, most recently changed
// first, each with its latest version (without findings): committee officers and
// area contacts see their organisation's, inspectors and managers every sent
// document. Others get ENOTFOUND (auth.ListDocuments).
func (s *Documents) FindDocuments(ctx context.Context, f scrutineer.DocumentFilter) ([]*scrutineer.Document, error) {
	if err := auth.Authorise(ctx, auth.ListDocuments, auth.Resource{}); err != nil {
		return nil, err
	}
	limit, offset := pageOf(f.Limit, f.Offset)
	u := scrutineer.UserFromContext(ctx)
	where, args := `WHERE d.status = $1`, []any{string(scrutineer.DocumentSent)}
	if u != nil && (u.Has(scrutineer.RoleCommitteeOfficer) || u.Has(scrutineer.RoleAreaContact)) {
		where, args = `WHERE d.organisation_id = $1`, []any{u.OrganisationID}
	}
	if f.OwnerType != "" {
		args = append(args, f.OwnerType, f.OwnerID)
		where += fmt.Sprintf(` AND d.owner_type = $%d AND d.owner_id = $%d`, len(args)-1, len(args))
	}
	args = append(args, limit, offset)
	rows, err := s.db.read.QueryContext(ctx, `SELECT `+documentColumns+`, o.name FROM documents d JOIN organisations o ON o.id = d.organisation_id `+where+
		fmt.Sprintf(` ORDER BY d.updated_at DESC, d.id LIMIT $%d OFFSET $%d`, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("find documents: %w", err)
	}
	defer rows.Close()
	var out []*scrutineer.Document
	for rows.Next() {
		var org string
		d, err := scanDocument(scanExtra{rows, &org})
		if err != nil {
			return nil, fmt.Errorf("scan document: %w", err)
		}
		d.OrganisationName = org
		// NOTE: the policy is asked per record too, so a query mistake can never
		// show another organisation's document.
		if mayView(ctx, d) == nil {
			out = append(out, d)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, d := range out {
		if d.Versions, err = s.versions(ctx, s.db.read, d.ID, 1); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// scanExtra scans the document columns followed by one more.
type scanExtra struct {
	rows  *sql.Rows
	extra any
}

func (x scanExtra) Scan(dest ...any) error { return x.rows.Scan(append(dest, x.extra)...) }

// versions returns up to limit versions of a document, newest first (0: all).
func (s *Documents) versions(ctx context.Context, q querier, docID string, limit int) ([]*scrutineer.DocumentVersion, error) {
	query := `SELECT ` + versionColumns + ` FROM document_versions v LEFT JOIN users u ON u.id = v.uploaded_by WHERE v.document_id = $1 ORDER BY v.number DESC`
	args := []any{docID}
	if limit > 0 {
		query += ` LIMIT $2`
		args = append(args, limit)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("find versions: %w", err)
	}
	out, err := collect(rows, scanVersion)
	if err != nil {
		return nil, fmt.Errorf("scan version: %w", err)
	}
	return out, nil
}

// findings returns a version's findings in text order, with who dismissed them.
func (s *Documents) findings(ctx context.Context, q querier, versionID string) ([]*scrutineer.DocumentFinding, error) {
	rows, err := q.QueryContext(ctx, `SELECT f.id, f.version_id, f.kind, f.start_offset, f.end_offset, f.dismissed_reason, COALESCE(f.dismissed_by, ''), COALESCE(u.name, ''), f.dismissed_at
		FROM document_findings f LEFT JOIN users u ON u.id = f.dismissed_by WHERE f.version_id = $1 ORDER BY f.seq`, versionID)
	if err != nil {
		return nil, fmt.Errorf("find findings: %w", err)
	}
	defer rows.Close()
	var out []*scrutineer.DocumentFinding
	for rows.Next() {
		var f scrutineer.DocumentFinding
		var at Time
		if err := rows.Scan(&f.ID, &f.VersionID, &f.Kind, &f.Start, &f.End, &f.DismissedReason, &f.DismissedBy, &f.DismissedByName, &at); err != nil {
			return nil, fmt.Errorf("scan finding: %w", err)
		}
		f.DismissedAt = at.Time
		out = append(out, &f)
	}
	return out, rows.Err()
}

// FindDocumentByID returns a document with all its versions, newest first, and the
// findings of the latest, and records the view ("document.view"). Callers: see
// mayView; others get ENOTFOUND.
func (s *Documents) FindDocumentByID(ctx context.Context, id string) (*scrutineer.Document, error) {
	var out *scrutineer.Document
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		d, err := s.load(ctx, tx, id)
		if err != nil {
			return err
		}
		out = d
		return s.audit(ctx, tx, "document.view", d, "")
	})
	return out, err
}

// load reads and authorises a document with its versions and latest findings.
func (s *Documents) load(ctx context.Context, q querier, id string) (*scrutineer.Document, error) {
	var orgName, sentBy string
	d, err := scanDocument(scanRowExtra{q.QueryRowContext(ctx, `SELECT `+documentColumns+`, o.name, COALESCE(su.name, '') FROM documents d
		JOIN organisations o ON o.id = d.organisation_id LEFT JOIN users su ON su.id = d.sent_by WHERE d.id = $1`, id), []any{&orgName, &sentBy}})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	if err != nil {
		return nil, fmt.Errorf("find document: %w", err)
	}
	if err := mayView(ctx, d); err != nil {
		return nil, err
	}
	d.OrganisationName, d.SentByName = orgName, sentBy
	if d.Versions, err = s.versions(ctx, q, id, 0); err != nil {
		return nil, err
	}
	if v := d.Latest(); v != nil {
		if v.Findings, err = s.findings(ctx, q, v.ID); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// scanRowExtra scans the document columns followed by more.
type scanRowExtra struct {
	row   *sql.Row
	extra []any
}

func (x scanRowExtra) Scan(dest ...any) error { return x.row.Scan(append(dest, x.extra...)...) }

// RecordDownload authorises the download of a document's version and records it
// ("document.download"), returning the version. Callers as FindDocumentByID.
func (s *Documents) RecordDownload(ctx context.Context, id string, number int) (*scrutineer.Document, *scrutineer.DocumentVersion, error) {
	var doc *scrutineer.Document
	var ver *scrutineer.DocumentVersion
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		d, err := s.load(ctx, tx, id)
		if err != nil {
			return err
		}
		for _, v := range d.Versions {
			if v.Number == number {
				doc, ver = d, v
			}
		}
		if ver == nil {
			return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
		}
		return s.audit(ctx, tx, "document.download", d, fmt.Sprintf("Version %d downloaded.", number))
	})
	return doc, ver, err
}

// Editable returns the document, with its versions and the latest findings, when the
// caller may change it (a draft of their organisation), without recording a view:
// the upload asks before it stores a file, and the forms that change it ask first.
// ENOTFOUND when the caller may not edit it, ECONFLICT once it has been sent.
func (s *Documents) Editable(ctx context.Context, id string) (*scrutineer.Document, error) {
	var out *scrutineer.Document
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		if _, err := s.editable(ctx, tx, id); err != nil {
			return err
		}
		d, err := s.load(ctx, tx, id)
		out = d
		return err
	})
	return out, err
}
