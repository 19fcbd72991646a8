package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// Reports keeps national overview reports while regulator staff assemble them, and
// publishes them as publications. Every method asks the policy for
// auth.ManagePublications, except PublishedSnapshot, which is public.
type Reports struct {
	db   *DB
	pubs *Publications
}

// NewReports returns the reports store.
func NewReports(db *DB) *Reports { return &Reports{db: db, pubs: NewPublications(db)} }

const reportColumns = `r.id, r.title, r.period_from, r.period_to, r.status, COALESCE(r.publication_id, ''), COALESCE(p.slug, ''), r.created_by, r.created_at, r.updated_at`

const reportFrom = ` FROM reports r LEFT JOIN publications p ON p.id = r.publication_id`

func scanReport(row scanner) (*scrutineer.Report, error) {
	var r scrutineer.Report
	var status string
	var created, updated Time
	if err := row.Scan(&r.ID, &r.Title, &r.PeriodFrom, &r.PeriodTo, &status, &r.PublicationID, &r.PublicationSlug, &r.CreatedBy, &created, &updated); err != nil {
		return nil, err
	}
	r.Status, r.CreatedAt, r.UpdatedAt = scrutineer.ReportStatus(status), created.Time, updated.Time
	return &r, nil
}

// CreateReport starts a draft report. EINVALID with a problem per field.
func (s *Reports) CreateReport(ctx context.Context, in *scrutineer.ReportInput) (*scrutineer.Report, error) {
	if err := auth.Authorise(ctx, auth.ManagePublications, auth.Resource{}); err != nil {
		return nil, err
	}
	u := scrutineer.UserFromContext(ctx)
	if u == nil {
		return nil, scrutineer.Errorf(scrutineer.EUNAUTHORISED, "Sign in to continue.")
	}
	now := s.db.Now()
	if err := in.Validate(scrutineer.Today(now)); err != nil {
		return nil, err
	}
	r := &scrutineer.Report{ID: NewID(), Title: in.Title, PeriodFrom: in.PeriodFrom, PeriodTo: in.PeriodTo,
		Status: scrutineer.ReportDraft, CreatedBy: u.ID, CreatedAt: now, UpdatedAt: now}
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO reports (id, title, period_from, period_to, status, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, r.ID, r.Title, r.PeriodFrom, r.PeriodTo, string(r.Status), r.CreatedBy, Time{now}, Time{now}); err != nil {
			return fmt.Errorf("insert report: %w", err)
		}
		return s.audit(ctx, tx, "report.create", r.ID, "Draft report created.")
	})
	return r, err
}

// FindReports lists every report, most recently changed first.
func (s *Reports) FindReports(ctx context.Context) ([]*scrutineer.Report, error) {
	if err := auth.Authorise(ctx, auth.ManagePublications, auth.Resource{}); err != nil {
		return nil, err
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT `+reportColumns+reportFrom+` ORDER BY r.updated_at DESC, r.id`)
	if err != nil {
		return nil, fmt.Errorf("find reports: %w", err)
	}
	return collect(rows, scanReport)
}

// FindReport returns report id with its sections in order.
func (s *Reports) FindReport(ctx context.Context, id string) (*scrutineer.Report, error) {
	if err := auth.Authorise(ctx, auth.ManagePublications, auth.Resource{}); err != nil {
		return nil, err
	}
	r, err := scanReport(s.db.read.QueryRowContext(ctx, `SELECT `+reportColumns+reportFrom+` WHERE r.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	if err != nil {
		return nil, fmt.Errorf("find report: %w", err)
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT id, report_id, position, kind, heading, body, table_key FROM report_sections
		WHERE report_id = $1 ORDER BY position, id`, id)
	if err != nil {
		return nil, fmt.Errorf("report sections: %w", err)
	}
	r.Sections, err = collect(rows, func(row scanner) (*scrutineer.ReportSection, error) {
		var sec scrutineer.ReportSection
		var kind string
		err := row.Scan(&sec.ID, &sec.ReportID, &sec.Position, &kind, &sec.Heading, &sec.Body, &sec.Table)
		sec.Kind = scrutineer.SectionKind(kind)
		return &sec, err
	})
	return r, err
}

// AddSection validates in (a statistics section must name one of tables) and
// appends it to draft report id. ECONFLICT once published.
func (s *Reports) AddSection(ctx context.Context, id string, in *scrutineer.SectionInput, tables []string) (*scrutineer.ReportSection, error) {
	if err := auth.Authorise(ctx, auth.ManagePublications, auth.Resource{}); err != nil {
		return nil, err
	}
	if err := in.Validate(tables); err != nil {
		return nil, err
	}
	sec := &scrutineer.ReportSection{ID: NewID(), ReportID: id, Kind: in.Kind, Heading: in.Heading, Body: in.Body, Table: in.Table}
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		if err := s.draft(ctx, tx, id); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM report_sections WHERE report_id = $1`, id).Scan(&sec.Position); err != nil {
			return fmt.Errorf("next position: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO report_sections (id, report_id, position, kind, heading, body, table_key) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			sec.ID, id, sec.Position, string(sec.Kind), sec.Heading, sec.Body, sec.Table); err != nil {
			return fmt.Errorf("insert section: %w", err)
		}
		return s.audit(ctx, tx, "report.section_add", id, "Section added: "+string(sec.Kind)+".")
	})
	return sec, err
}

// MoveSection swaps section sectionID with its neighbour above (delta < 0) or below.
// Moving the first section up or the last down changes nothing.
func (s *Reports) MoveSection(ctx context.Context, id, sectionID string, delta int) error {
	if err := auth.Authorise(ctx, auth.ManagePublications, auth.Resource{}); err != nil {
		return err
	}
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		if err := s.draft(ctx, tx, id); err != nil {
			return err
		}
		var pos int
		if err := s.position(ctx, tx, id, sectionID, &pos); err != nil {
			return err
		}
		q := `SELECT id, position FROM report_sections WHERE report_id = $1 AND position > $2 ORDER BY position LIMIT 1`
		if delta < 0 {
			q = `SELECT id, position FROM report_sections WHERE report_id = $1 AND position < $2 ORDER BY position DESC LIMIT 1`
		}
		var other string
		var otherPos int
		err := tx.QueryRowContext(ctx, q, id, pos).Scan(&other, &otherPos)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("neighbour section: %w", err)
		}
		for _, set := range [][2]any{{sectionID, otherPos}, {other, pos}} {
			if _, err := tx.ExecContext(ctx, `UPDATE report_sections SET position = $1 WHERE id = $2`, set[1], set[0]); err != nil {
				return fmt.Errorf("move section: %w", err)
			}
		}
		return s.audit(ctx, tx, "report.section_move", id, "Section moved.")
	})
}

// DeleteSection removes section sectionID from draft report id; one already gone
// is not an error.
func (s *Reports) DeleteSection(ctx context.Context, id, sectionID string) error {
	if err := auth.Authorise(ctx, auth.ManagePublications, auth.Resource{}); err != nil {
		return err
	}
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		if err := s.draft(ctx, tx, id); err != nil {
			return err
		}
		// NOTE: removing a section already removed succeeds: the report is as asked
		// (a second click, or two people tidying the same report).
		res, err := tx.ExecContext(ctx, `DELETE FROM report_sections WHERE id = $1 AND report_id = $2`, sectionID, id)
		if err != nil {
			return fmt.Errorf("delete section: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return s.audit(ctx, tx, "report.section_delete", id, "Section removed.")
	})
}

func (s *Reports) position(ctx context.Context, tx *sql.Tx, id, sectionID string, pos *int) error {
	err := tx.QueryRowContext(ctx, `SELECT position FROM report_sections WHERE id = $1 AND report_id = $2`, sectionID, id).Scan(pos)
	if errors.Is(err, sql.ErrNoRows) {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	return err
}

// draft locks report id inside tx: ENOTFOUND when missing, ECONFLICT once published.
func (s *Reports) draft(ctx context.Context, tx *sql.Tx, id string) error {
	var status string
	err := tx.QueryRowContext(ctx, `SELECT status FROM reports WHERE id = $1`+s.db.forUpdate(), id).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	if err != nil {
		return fmt.Errorf("find report: %w", err)
	}
	if status != string(scrutineer.ReportDraft) {
		return scrutineer.Errorf(scrutineer.ECONFLICT, "This report has been published, so it cannot be changed.")
	}
	// Every change moves updated_at, so publishing can tell that the report it
	// rendered is still the report as it stands.
	if _, err := tx.ExecContext(ctx, `UPDATE reports SET updated_at = $1 WHERE id = $2`, Time{s.db.Now()}, id); err != nil {
		return fmt.Errorf("touch report: %w", err)
	}
	return nil
}

func (s *Reports) audit(ctx context.Context, tx *sql.Tx, action, id, detail string) error {
	return NewAudit(s.db).RecordTx(ctx, tx, &scrutineer.AuditEntry{Action: action, TargetType: "report", TargetID: id, Detail: detail})
}
