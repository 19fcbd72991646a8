package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// Publications keeps what the regulator publishes: publications, their files (by
// SHA-256; the content is in the blob store) and their state. Staff methods ask the
// policy for auth.ManagePublications; the public finders answer anyone but only
// ever return published records. See
// docs/decisions/0121-publications-and-report-builder.md.
type Publications struct{ db *DB }

// NewPublications returns the publications store.
func NewPublications(db *DB) *Publications { return &Publications{db: db} }

// maxWithdrawReason bounds the reason shown to the public for a withdrawal.
const maxWithdrawReason = 1000

// CreatePublication starts a draft publication. Callers: auth.ManagePublications.
// EINVALID with a problem per field (the area must be a local authority or a
// community justice partnership).
func (s *Publications) CreatePublication(ctx context.Context, in *scrutineer.PublicationInput) (*scrutineer.Publication, error) {
	if err := auth.Authorise(ctx, auth.ManagePublications, auth.Resource{}); err != nil {
		return nil, err
	}
	var p *scrutineer.Publication
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		var err error
		if p, err = s.createTx(ctx, tx, in, ""); err != nil {
			return err
		}
		return s.audit(ctx, tx, "publication.create", p, "Draft "+string(p.Type)+" created.")
	})
	return p, err
}

// createTx validates in and inserts a draft publication (of report reportID, if set)
// under a slug no other publication has.
func (s *Publications) createTx(ctx context.Context, tx *sql.Tx, in *scrutineer.PublicationInput, reportID string) (*scrutineer.Publication, error) {
	u := scrutineer.UserFromContext(ctx)
	if u == nil {
		return nil, scrutineer.Errorf(scrutineer.EUNAUTHORISED, "Sign in to continue.")
	}
	now := s.db.Now()
	err := in.Validate(scrutineer.Today(now).Year())
	if area := s.checkArea(ctx, tx, in.AreaID); area != "" {
		fields := scrutineer.ErrorFields(err)
		if fields == nil {
			fields = map[string]string{}
		}
		fields["area"] = area
		err = &scrutineer.Error{Code: scrutineer.EINVALID, Message: "Check the details of the publication.", Fields: fields}
	}
	if err != nil {
		return nil, err
	}
	p := &scrutineer.Publication{
		ID: NewID(), Type: in.Type, Title: in.Title, Summary: in.Summary, AreaID: in.AreaID, Year: in.Year,
		Status: scrutineer.PublicationDraft, ReportID: reportID, CreatedBy: u.ID, CreatedAt: now, UpdatedAt: now,
	}
	if p.Slug, err = s.freeSlug(ctx, tx, scrutineer.Slugify(in.Title)); err != nil {
		return nil, err
	}
	var area any
	if p.AreaID != "" {
		area = p.AreaID
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO publications (id, slug, type, title, summary, area_id, year, status, report_id, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		p.ID, p.Slug, string(p.Type), p.Title, p.Summary, area, p.Year, string(p.Status), p.ReportID, p.CreatedBy, Time{now}, Time{now}); err != nil {
		return nil, fmt.Errorf("insert publication: %w", err)
	}
	return p, nil
}

// checkArea returns a problem with the area, or "" when it is empty or a local
// authority or partnership.
func (s *Publications) checkArea(ctx context.Context, tx *sql.Tx, id string) string {
	if id == "" {
		return ""
	}
	var kind string
	err := tx.QueryRowContext(ctx, `SELECT kind FROM organisations WHERE id = $1`, id).Scan(&kind)
	if err != nil || (kind != string(scrutineer.KindLocalAuthority) && kind != string(scrutineer.KindCommunityJusticePartnership)) {
		return "Choose a local authority or community justice partnership from the list, or none for a national publication."
	}
	return ""
}

// freeSlug returns base, or base-2, base-3 ... when taken.
// NOTE: the single writer (SQLite) or the UNIQUE constraint (PostgreSQL, where a
// race fails the transaction) keeps two publications from sharing a slug.
func (s *Publications) freeSlug(ctx context.Context, tx *sql.Tx, base string) (string, error) {
	slug := base
	for n := 2; ; n++ {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM publications WHERE slug = $1`, slug).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return slug, nil
		}
		if err != nil {
			return "", fmt.Errorf("slug: %w", err)
		}
		slug = base + "-" + strconv.Itoa(n)
	}
}

// AddFile records a file already put in the blob store as a file of draft
// publication id. Callers: auth.ManagePublications. ECONFLICT once published.
func (s *Publications) AddFile(ctx context.Context, id string, f *scrutineer.PublicationFile) error {
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		p, err := s.locked(ctx, tx, id)
		if err != nil {
			return err
		}
		if p.Status != scrutineer.PublicationDraft {
			return scrutineer.Errorf(scrutineer.ECONFLICT, "This publication has been published, so its files cannot change. Withdraw it and start a new one instead.")
		}
		if err := s.insertFile(ctx, tx, p.ID, f); err != nil {
			return err
		}
		return s.audit(ctx, tx, "publication.upload", p, fmt.Sprintf("File added: %s, %d bytes.", f.Format, f.Size))
	})
}

func (s *Publications) insertFile(ctx context.Context, tx *sql.Tx, pubID string, f *scrutineer.PublicationFile) error {
	u := scrutineer.UserFromContext(ctx)
	if u == nil {
		return scrutineer.Errorf(scrutineer.EUNAUTHORISED, "Sign in to continue.")
	}
	f.ID, f.PublicationID, f.UploadedAt = NewID(), pubID, s.db.Now()
	f.Filename = cleanFilename(f.Filename)
	if _, err := tx.ExecContext(ctx, `INSERT INTO publication_files (id, publication_id, filename, format, size, sha256, uploaded_by, uploaded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, f.ID, pubID, f.Filename, f.Format, f.Size, f.SHA256, u.ID, Time{f.UploadedAt}); err != nil {
		return fmt.Errorf("insert publication file: %w", err)
	}
	return nil
}

// Publish makes draft publication id public from today. Callers:
// auth.ManagePublications. ECONFLICT when it is not a draft or has no file.
func (s *Publications) Publish(ctx context.Context, id string) error {
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		p, err := s.locked(ctx, tx, id)
		if err != nil {
			return err
		}
		if p.Status != scrutineer.PublicationDraft {
			return scrutineer.Errorf(scrutineer.ECONFLICT, "This publication is not a draft, so it cannot be published again.")
		}
		var files int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM publication_files WHERE publication_id = $1`, id).Scan(&files); err != nil {
			return fmt.Errorf("count files: %w", err)
		}
		if files == 0 {
			return scrutineer.Errorf(scrutineer.ECONFLICT, "Upload at least one file before publishing.")
		}
		if err := s.publishTx(ctx, tx, p); err != nil {
			return err
		}
		return s.audit(ctx, tx, "publication.publish", p, "Published.")
	})
}

func (s *Publications) publishTx(ctx context.Context, tx *sql.Tx, p *scrutineer.Publication) error {
	now := s.db.Now()
	p.Status, p.PublishedOn = scrutineer.PublicationPublished, scrutineer.Today(now).Format("2006-01-02")
	if _, err := tx.ExecContext(ctx, `UPDATE publications SET status = $1, published_on = $2, updated_at = $3 WHERE id = $4`,
		string(p.Status), p.PublishedOn, Time{now}, p.ID); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	return nil
}

// Withdraw takes published publication id down with a reason shown to the public
// in its place. Callers: auth.ManagePublications. EINVALID without a reason,
// ECONFLICT when it is not published.
func (s *Publications) Withdraw(ctx context.Context, id, reason string) error {
	reason = strings.TrimSpace(reason)
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		p, err := s.locked(ctx, tx, id)
		if err != nil {
			return err
		}
		if p.Status != scrutineer.PublicationPublished {
			return scrutineer.Errorf(scrutineer.ECONFLICT, "Only a published publication can be withdrawn.")
		}
		var pr scrutineer.Problems
		switch n := utf8.RuneCountInString(reason); {
		case n == 0:
			pr.Add("reason", "Enter the reason for withdrawing it. The public will see this reason.")
		case n > maxWithdrawReason:
			pr.Add("reason", fmt.Sprintf("The reason must be %d characters or fewer.", maxWithdrawReason))
		}
		if err := pr.Err("Check the reason."); err != nil {
			return err
		}
		now := s.db.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE publications SET status = $1, withdrawn_on = $2, withdrawn_reason = $3, updated_at = $4 WHERE id = $5`,
			string(scrutineer.PublicationWithdrawn), scrutineer.Today(now).Format("2006-01-02"), reason, Time{now}, id); err != nil {
			return fmt.Errorf("withdraw: %w", err)
		}
		return s.audit(ctx, tx, "publication.withdraw", p, "Withdrawn.")
	})
}

// locked loads publication id inside tx, locked, for a change by staff.
func (s *Publications) locked(ctx context.Context, tx *sql.Tx, id string) (*scrutineer.Publication, error) {
	if err := auth.Authorise(ctx, auth.ManagePublications, auth.Resource{}); err != nil {
		return nil, err
	}
	// NOTE: the row is locked by a query of its own, because PostgreSQL cannot lock
	// through the outer join that reads the area's name.
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM publications WHERE id = $1`+s.db.forUpdate(), id).Scan(&one)
	var p *scrutineer.Publication
	if err == nil {
		p, err = scanPublication(tx.QueryRowContext(ctx, `SELECT `+publicationColumns+publicationFrom+` WHERE p.id = $1`, id))
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	if err != nil {
		return nil, fmt.Errorf("find publication: %w", err)
	}
	return p, nil
}

// audit records a change to p; entries hold codes and identifiers, not the text.
func (s *Publications) audit(ctx context.Context, tx *sql.Tx, action string, p *scrutineer.Publication, detail string) error {
	return NewAudit(s.db).RecordTx(ctx, tx, &scrutineer.AuditEntry{
		Action: action, TargetType: "publication", TargetID: p.ID, OrganisationID: p.AreaID, Detail: detail,
	})
}
