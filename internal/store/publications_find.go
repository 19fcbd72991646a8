package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

const publicationColumns = `p.id, p.slug, p.type, p.title, p.summary, COALESCE(p.area_id, ''), COALESCE(o.slug, ''), COALESCE(o.name, ''),
	p.year, p.status, p.published_on, p.withdrawn_on, p.withdrawn_reason, p.report_id, p.created_by, p.created_at, p.updated_at`

const publicationFrom = ` FROM publications p LEFT JOIN organisations o ON o.id = p.area_id`

func scanPublication(row scanner) (*scrutineer.Publication, error) {
	var p scrutineer.Publication
	var typ, status string
	var created, updated Time
	if err := row.Scan(&p.ID, &p.Slug, &typ, &p.Title, &p.Summary, &p.AreaID, &p.AreaSlug, &p.AreaName, &p.Year, &status,
		&p.PublishedOn, &p.WithdrawnOn, &p.WithdrawnReason, &p.ReportID, &p.CreatedBy, &created, &updated); err != nil {
		return nil, err
	}
	p.Type, p.Status = scrutineer.PublicationType(typ), scrutineer.PublicationStatus(status)
	p.CreatedAt, p.UpdatedAt = created.Time, updated.Time
	return &p, nil
}

func scanPublicationFile(row scanner) (*scrutineer.PublicationFile, error) {
	var f scrutineer.PublicationFile
	var at Time
	if err := row.Scan(&f.ID, &f.PublicationID, &f.Filename, &f.Format, &f.Size, &f.SHA256, &at); err != nil {
		return nil, err
	}
	f.UploadedAt = at.Time
	return &f, nil
}

// FindPublished lists published publications matching f, newest first, and how many
// match. Anyone may call it: it never returns a draft or a withdrawn publication.
func (s *Publications) FindPublished(ctx context.Context, f scrutineer.PublicationFilter) (*scrutineer.PublicationList, error) {
	f.Status = scrutineer.PublicationPublished
	return s.find(ctx, f)
}

// FindPublications lists every publication matching f for staff, most recently
// changed first. Callers: auth.ManagePublications.
func (s *Publications) FindPublications(ctx context.Context, f scrutineer.PublicationFilter) (*scrutineer.PublicationList, error) {
	if err := auth.Authorise(ctx, auth.ManagePublications, auth.Resource{}); err != nil {
		return nil, err
	}
	return s.find(ctx, f)
}

// find runs a filtered, paged query. The search is a case-insensitive substring
// match of every word on the title or summary (a few hundred rows a year: no index
// is needed; see the decision record).
func (s *Publications) find(ctx context.Context, f scrutineer.PublicationFilter) (*scrutineer.PublicationList, error) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if f.Status != "" {
		where = append(where, "p.status = "+arg(string(f.Status)))
	}
	if f.Type != "" {
		where = append(where, "p.type = "+arg(string(f.Type)))
	}
	if f.AreaSlug != "" {
		where = append(where, "o.slug = "+arg(f.AreaSlug))
	}
	if f.Year != 0 {
		where = append(where, "p.year = "+arg(f.Year))
	}
	for _, w := range strings.Fields(strings.ToLower(f.Query)) {
		if len(where) > 20 {
			break
		}
		a := arg("%" + escapeLike(w) + "%")
		where = append(where, `(LOWER(p.title) LIKE `+a+` ESCAPE '\' OR LOWER(p.summary) LIKE `+a+` ESCAPE '\')`)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	out := &scrutineer.PublicationList{}
	if err := s.db.read.QueryRowContext(ctx, `SELECT COUNT(*)`+publicationFrom+cond, args...).Scan(&out.Total); err != nil {
		return nil, fmt.Errorf("count publications: %w", err)
	}
	limit := f.Limit
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	order := " ORDER BY p.updated_at DESC, p.id"
	if f.Status == scrutineer.PublicationPublished {
		order = " ORDER BY p.published_on DESC, p.created_at DESC, p.id"
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT `+publicationColumns+publicationFrom+cond+order+
		` LIMIT `+arg(limit)+` OFFSET `+arg(max(f.Offset, 0)), args...)
	if err != nil {
		return nil, fmt.Errorf("find publications: %w", err)
	}
	if out.Items, err = collect(rows, scanPublication); err != nil {
		return nil, fmt.Errorf("find publications: %w", err)
	}
	return out, nil
}

// escapeLike makes s match literally inside a LIKE pattern with ESCAPE '\'.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// PublishedFacets returns the areas and years that published publications have,
// for the public filters. Anyone.
func (s *Publications) PublishedFacets(ctx context.Context) ([]scrutineer.PublicationArea, []int, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT DISTINCT o.slug, o.name FROM publications p JOIN organisations o ON o.id = p.area_id
		WHERE p.status = $1 ORDER BY o.name`, string(scrutineer.PublicationPublished))
	if err != nil {
		return nil, nil, fmt.Errorf("publication areas: %w", err)
	}
	areas, err := collect(rows, func(r scanner) (a scrutineer.PublicationArea, err error) { return a, r.Scan(&a.Slug, &a.Name) })
	if err != nil {
		return nil, nil, fmt.Errorf("publication areas: %w", err)
	}
	rows, err = s.db.read.QueryContext(ctx, `SELECT DISTINCT year FROM publications WHERE status = $1 ORDER BY year DESC`, string(scrutineer.PublicationPublished))
	if err != nil {
		return nil, nil, fmt.Errorf("publication years: %w", err)
	}
	years, err := collect(rows, func(r scanner) (y int, err error) { return y, r.Scan(&y) })
	if err != nil {
		return nil, nil, fmt.Errorf("publication years: %w", err)
	}
	return areas, years, nil
}

// FindPublishedBySlug returns a published or withdrawn publication with its files
// (none for a withdrawn one). Anyone. ENOTFOUND for a draft or an unknown slug.
func (s *Publications) FindPublishedBySlug(ctx context.Context, slug string) (*scrutineer.Publication, error) {
	p, err := s.one(ctx, `p.slug = $1 AND p.status IN ('published', 'withdrawn')`, slug)
	if err != nil || p.Status == scrutineer.PublicationWithdrawn {
		return p, err
	}
	return p, s.withFiles(ctx, p)
}

// FindPublicationByID returns any publication with its files. Callers:
// auth.ManagePublications.
func (s *Publications) FindPublicationByID(ctx context.Context, id string) (*scrutineer.Publication, error) {
	if err := auth.Authorise(ctx, auth.ManagePublications, auth.Resource{}); err != nil {
		return nil, err
	}
	p, err := s.one(ctx, `p.id = $1`, id)
	if err != nil {
		return nil, err
	}
	return p, s.withFiles(ctx, p)
}

// PublishedFile returns file fileID of published publication slug. Anyone; ENOTFOUND
// for any other.
func (s *Publications) PublishedFile(ctx context.Context, slug, fileID string) (*scrutineer.PublicationFile, error) {
	return s.file(ctx, `p.slug = $1 AND p.status = 'published'`, slug, fileID)
}

// File returns file fileID of publication id in any state. Callers:
// auth.ManagePublications.
func (s *Publications) File(ctx context.Context, id, fileID string) (*scrutineer.PublicationFile, error) {
	if err := auth.Authorise(ctx, auth.ManagePublications, auth.Resource{}); err != nil {
		return nil, err
	}
	return s.file(ctx, `p.id = $1`, id, fileID)
}

func (s *Publications) file(ctx context.Context, cond, key, fileID string) (*scrutineer.PublicationFile, error) {
	f, err := scanPublicationFile(s.db.read.QueryRowContext(ctx, `SELECT f.id, f.publication_id, f.filename, f.format, f.size, f.sha256, f.uploaded_at
		FROM publication_files f JOIN publications p ON p.id = f.publication_id WHERE `+cond+` AND f.id = $2`, key, fileID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	if err != nil {
		return nil, fmt.Errorf("find publication file: %w", err)
	}
	return f, nil
}

func (s *Publications) one(ctx context.Context, cond string, arg any) (*scrutineer.Publication, error) {
	p, err := scanPublication(s.db.read.QueryRowContext(ctx, `SELECT `+publicationColumns+publicationFrom+` WHERE `+cond, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	if err != nil {
		return nil, fmt.Errorf("find publication: %w", err)
	}
	return p, nil
}

func (s *Publications) withFiles(ctx context.Context, p *scrutineer.Publication) error {
	rows, err := s.db.read.QueryContext(ctx, `SELECT id, publication_id, filename, format, size, sha256, uploaded_at
		FROM publication_files WHERE publication_id = $1 ORDER BY uploaded_at, id`, p.ID)
	if err != nil {
		return fmt.Errorf("publication files: %w", err)
	}
	p.Files, err = collect(rows, scanPublicationFile)
	return err
}
