package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// PublishedReport is what publishing a report records: the publication's details,
// the frozen content (JSON made by the caller) and the files already put in the blob
// store (the HTML and the PDF).
type PublishedReport struct {
	Publication *scrutineer.PublicationInput
	Snapshot    string
	Files       []*scrutineer.PublicationFile
	// Version is the report's UpdatedAt as rendered: a change since then is a conflict.
	Version time.Time
}

// PublishReport makes draft report id a published publication of its files in one
// transaction, and freezes its content. Callers: auth.ManagePublications. ECONFLICT
// when the report was published or changed since it was rendered; EINVALID for bad
// publication details.
func (s *Reports) PublishReport(ctx context.Context, id string, pr *PublishedReport) (*scrutineer.Publication, error) {
	if err := auth.Authorise(ctx, auth.ManagePublications, auth.Resource{}); err != nil {
		return nil, err
	}
	var p *scrutineer.Publication
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		var status string
		var updated Time
		err := tx.QueryRowContext(ctx, `SELECT status, updated_at FROM reports WHERE id = $1`+s.db.forUpdate(), id).Scan(&status, &updated)
		if errors.Is(err, sql.ErrNoRows) {
			return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
		}
		if err != nil {
			return fmt.Errorf("find report: %w", err)
		}
		if status != string(scrutineer.ReportDraft) {
			return scrutineer.Errorf(scrutineer.ECONFLICT, "This report has already been published.")
		}
		if !updated.Equal(pr.Version.UTC().Truncate(time.Microsecond)) {
			return scrutineer.Errorf(scrutineer.ECONFLICT, "The report changed while you were checking it. Preview it again, then publish.")
		}
		if p, err = s.pubs.createTx(ctx, tx, pr.Publication, id); err != nil {
			return err
		}
		for _, f := range pr.Files {
			if err := s.pubs.insertFile(ctx, tx, p.ID, f); err != nil {
				return err
			}
		}
		if err := s.pubs.publishTx(ctx, tx, p); err != nil {
			return err
		}
		now := s.db.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET status = $1, publication_id = $2, snapshot = $3, updated_at = $4 WHERE id = $5`,
			string(scrutineer.ReportPublished), p.ID, pr.Snapshot, Time{now}, id); err != nil {
			return fmt.Errorf("publish report: %w", err)
		}
		if err := s.audit(ctx, tx, "report.publish", id, "Published as publication "+p.ID+"."); err != nil {
			return err
		}
		return s.pubs.audit(ctx, tx, "publication.publish", p, "Published from a national overview report.")
	})
	return p, err
}

// PublishedSnapshot returns the frozen content of the report that publication pubID
// was published from. Anyone, while the publication is published; ENOTFOUND otherwise.
func (s *Reports) PublishedSnapshot(ctx context.Context, pubID string) (string, error) {
	var snap string
	err := s.db.read.QueryRowContext(ctx, `SELECT r.snapshot FROM reports r JOIN publications p ON p.id = r.publication_id
		WHERE p.id = $1 AND p.status = 'published' AND r.status = 'published'`, pubID).Scan(&snap)
	if errors.Is(err, sql.ErrNoRows) {
		return "", scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	if err != nil {
		return "", fmt.Errorf("report snapshot: %w", err)
	}
	return snap, nil
}
