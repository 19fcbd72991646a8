package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// The background side of the documents store: the extraction job marks a version
// as being read, saves its progress, then saves the result of the personal-data
// check or says why no text could be read. These run under auth.SystemContext.

// FoundItem is one finding to save: its kind and byte offsets into the text.
type FoundItem struct {
	Kind       string
	Start, End int
}

// versionForJob reads a version and its document inside tx and authorises the change
// (the service itself, or the document's organisation).
func (s *Documents) versionForJob(ctx context.Context, tx *sql.Tx, versionID string) (*scrutineer.Document, *scrutineer.DocumentVersion, error) {
	v, err := scanVersion(tx.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM document_versions v LEFT JOIN users u ON u.id = v.uploaded_by WHERE v.id = $1`, versionID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("find version: %w", err)
	}
	d, err := scanDocument(tx.QueryRowContext(ctx, `SELECT `+documentColumns+` FROM documents d WHERE d.id = $1`, v.DocumentID))
	if err != nil {
		return nil, nil, fmt.Errorf("find document: %w", err)
	}
	if err := auth.Authorise(ctx, auth.EditDocument, auth.Resource{OrganisationID: d.OrganisationID}); err != nil {
		return nil, nil, err
	}
	return d, v, nil
}

// StartExtraction marks a version as being read and returns it. A version whose
// extraction has already finished is returned unchanged, so a repeated job can
// stop. Callers: the service (the extraction job). ENOTFOUND for an unknown version.
func (s *Documents) StartExtraction(ctx context.Context, versionID string) (*scrutineer.DocumentVersion, error) {
	var out *scrutineer.DocumentVersion
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		_, v, err := s.versionForJob(ctx, tx, versionID)
		if err != nil {
			return err
		}
		out = v
		if v.Extraction.Finished() {
			return nil
		}
		v.Extraction = scrutineer.ExtractionExtracting
		_, err = tx.ExecContext(ctx, `UPDATE document_versions SET extraction = $1 WHERE id = $2`, string(v.Extraction), v.ID)
		return err
	})
	return out, err
}

// SaveProgress records how many pages of a version have been read, for the
// document page to show. It is not audited: it changes nothing anyone decided.
// Callers: the service.
func (s *Documents) SaveProgress(ctx context.Context, versionID string, done, total int) error {
	if err := auth.Authorise(ctx, auth.ManageJobs, auth.Resource{}); err != nil {
		return err
	}
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE document_versions SET pages_done = $1, pages_total = $2 WHERE id = $3 AND extraction = $4`,
			done, total, versionID, string(scrutineer.ExtractionExtracting))
		return err
	})
}

// FinishUnread records that a version's text could not be read: status is
// ExtractionNoText (a scan) or ExtractionFailed (damaged, too long, too slow), with
// the message for the uploader. Audited as "document.unreadable". Callers: the
// service.
func (s *Documents) FinishUnread(ctx context.Context, versionID string, status scrutineer.ExtractionStatus, message string) error {
	if status != scrutineer.ExtractionNoText && status != scrutineer.ExtractionFailed {
		return fmt.Errorf("store: FinishUnread with status %q", status)
	}
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		d, v, err := s.versionForJob(ctx, tx, versionID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE document_versions SET extraction = $1, extraction_message = $2 WHERE id = $3`, string(status), message, v.ID); err != nil {
			return fmt.Errorf("mark unread: %w", err)
		}
		return s.audit(ctx, tx, "document.unreadable", d, fmt.Sprintf("Version %d: %s.", v.Number, status))
	})
}

// SaveCheck records the result of reading and checking a version: the blob name of
// its encrypted text, its page count and its findings (replacing any saved by an
// earlier run of the same job). index, when not nil, runs in the same transaction
// (the search index update). Audited as "document.check". Callers: the service.
func (s *Documents) SaveCheck(ctx context.Context, versionID, textSHA string, pages int, found []FoundItem, index func(*sql.Tx, *scrutineer.Document) error) error {
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		d, v, err := s.versionForJob(ctx, tx, versionID)
		if err != nil {
			return err
		}
		check := scrutineer.CheckClear
		if len(found) > 0 {
			check = scrutineer.CheckFindings
		}
		if _, err := tx.ExecContext(ctx, `UPDATE document_versions SET extraction = $1, pages_done = $2, pages_total = $2, extraction_message = '', text_sha256 = $3, check_status = $4, checked_at = $5 WHERE id = $6`,
			string(scrutineer.ExtractionDone), pages, textSHA, string(check), Time{s.db.Now()}, v.ID); err != nil {
			return fmt.Errorf("save check: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM document_findings WHERE version_id = $1`, v.ID); err != nil {
			return fmt.Errorf("clear findings: %w", err)
		}
		for i, f := range found {
			if _, err := tx.ExecContext(ctx, `INSERT INTO document_findings (id, version_id, seq, kind, start_offset, end_offset) VALUES ($1, $2, $3, $4, $5, $6)`,
				NewID(), v.ID, i+1, f.Kind, f.Start, f.End); err != nil {
				return fmt.Errorf("insert finding: %w", err)
			}
		}
		if index != nil {
			if err := index(tx, d); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, "document.check", d, fmt.Sprintf("Version %d checked: %d possible personal data.", v.Number, len(found)))
	})
}
