package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// Organisations keeps the organisation directory and the history of every change to
// it. It implements scrutineer.OrganisationService.
type Organisations struct{ db *DB }

// NewOrganisations returns the organisation directory store.
func NewOrganisations(db *DB) *Organisations { return &Organisations{db: db} }

var _ scrutineer.OrganisationService = (*Organisations)(nil)

const organisationSelect = `SELECT o.id, o.slug, o.name, o.kind, o.status, o.version, o.created_at, o.updated_at,
	p.id, p.slug, p.name, m.id, m.slug, m.name
	FROM organisations o
	LEFT JOIN organisations p ON p.id = o.parent_id
	LEFT JOIN organisations m ON m.id = o.merged_into_id`

func scanOrganisation(row scanner) (*scrutineer.Organisation, error) {
	var o scrutineer.Organisation
	var created, updated Time
	var pID, pSlug, pName, mID, mSlug, mName sql.NullString
	if err := row.Scan(&o.ID, &o.Slug, &o.Name, &o.Kind, &o.Status, &o.Version, &created, &updated,
		&pID, &pSlug, &pName, &mID, &mSlug, &mName); err != nil {
		return nil, err
	}
	o.CreatedAt, o.UpdatedAt = created.Time, updated.Time
	if pID.Valid {
		o.Parent = &scrutineer.OrganisationRef{ID: pID.String, Slug: pSlug.String, Name: pName.String}
	}
	if mID.Valid {
		o.MergedInto = &scrutineer.OrganisationRef{ID: mID.String, Slug: mSlug.String, Name: mName.String}
	}
	return &o, nil
}

// FindOrganisationBySlug returns the organisation or ENOTFOUND. Any signed-in user may.
func (s *Organisations) FindOrganisationBySlug(ctx context.Context, slug string) (*scrutineer.Organisation, error) {
	if err := auth.Authorise(ctx, auth.ViewOrganisations, auth.Resource{}); err != nil {
		return nil, err
	}
	return findOrganisation(ctx, s.db.read, `o.slug = $1`, strings.ToLower(strings.TrimSpace(slug)))
}

// FindOrganisationByID returns the organisation or ENOTFOUND. Any signed-in user may.
func (s *Organisations) FindOrganisationByID(ctx context.Context, id string) (*scrutineer.Organisation, error) {
	if err := auth.Authorise(ctx, auth.ViewOrganisations, auth.Resource{}); err != nil {
		return nil, err
	}
	return findOrganisation(ctx, s.db.read, `o.id = $1`, id)
}

func findOrganisation(ctx context.Context, q querier, where string, arg any) (*scrutineer.Organisation, error) {
	o, err := scanOrganisation(q.QueryRowContext(ctx, organisationSelect+` WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "There is no such organisation in the directory.")
	}
	if err != nil {
		return nil, fmt.Errorf("find organisation: %w", err)
	}
	if err := loadAreas(ctx, q, []*scrutineer.Organisation{o}); err != nil {
		return nil, err
	}
	return o, nil
}

// FindOrganisations lists the organisations matching f, by kind (in the order of
// scrutineer.OrganisationKinds) then name. Any signed-in user may.
func (s *Organisations) FindOrganisations(ctx context.Context, f scrutineer.OrganisationFilter) ([]*scrutineer.Organisation, error) {
	if err := auth.Authorise(ctx, auth.ViewOrganisations, auth.Resource{}); err != nil {
		return nil, err
	}
	return findOrganisations(ctx, s.db.read, f)
}

func findOrganisations(ctx context.Context, q querier, f scrutineer.OrganisationFilter) ([]*scrutineer.Organisation, error) {
	var where []string
	var args []any
	add := func(cond string, arg any) {
		args = append(args, arg)
		where = append(where, strings.ReplaceAll(cond, "$?", fmt.Sprintf("$%d", len(args))))
	}
	if f.Kind != "" {
		add(`o.kind = $?`, string(f.Kind))
	}
	if f.Status != "" {
		add(`o.status = $?`, string(f.Status))
	}
	if f.Parent != "" {
		add(`p.slug = $?`, f.Parent)
	}
	if f.Area != "" {
		add(`EXISTS (SELECT 1 FROM organisation_areas oa JOIN organisations a ON a.id = oa.area_id WHERE oa.organisation_id = o.id AND a.slug = $?)`, f.Area)
	}
	if name := strings.TrimSpace(f.Name); name != "" {
		add(`lower(o.name) LIKE $? ESCAPE '\'`, "%"+escapeOrganisationLike(strings.ToLower(name))+"%")
	}
	query := organisationSelect
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, ` AND `)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("find organisations: %w", err)
	}
	// NOTE: collect closes rows before areas are loaded on the same connection.
	list, err := collect(rows, scanOrganisation)
	if err != nil {
		return nil, fmt.Errorf("find organisations: %w", err)
	}
	// NOTE: sorted here, not in SQL, so both engines give the same order whatever the
	// database's collation.
	slices.SortStableFunc(list, func(a, b *scrutineer.Organisation) int {
		if c := slices.Index(scrutineer.OrganisationKinds, a.Kind) - slices.Index(scrutineer.OrganisationKinds, b.Kind); c != 0 {
			return c
		}
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	if err := loadAreas(ctx, q, list); err != nil {
		return nil, err
	}
	return list, nil
}

// loadAreas fills the Areas of each organisation, sorted by name.
func loadAreas(ctx context.Context, q querier, list []*scrutineer.Organisation) error {
	if len(list) == 0 {
		return nil
	}
	query := `SELECT oa.organisation_id, a.id, a.slug, a.name FROM organisation_areas oa JOIN organisations a ON a.id = oa.area_id`
	var args []any
	if len(list) == 1 {
		query += ` WHERE oa.organisation_id = $1`
		args = append(args, list[0].ID)
	}
	// NOTE: for a list the directory is small (hundreds of rows), so reading every
	// area link once is cheaper and simpler than an IN list of many parameters.
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("organisation areas: %w", err)
	}
	defer rows.Close()
	byID := make(map[string]*scrutineer.Organisation, len(list))
	for _, o := range list {
		o.Areas = nil
		byID[o.ID] = o
	}
	for rows.Next() {
		var orgID string
		var a scrutineer.OrganisationRef
		if err := rows.Scan(&orgID, &a.ID, &a.Slug, &a.Name); err != nil {
			return fmt.Errorf("organisation areas: %w", err)
		}
		if o := byID[orgID]; o != nil {
			o.Areas = append(o.Areas, a)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("organisation areas: %w", err)
	}
	for _, o := range list {
		slices.SortFunc(o.Areas, func(a, b scrutineer.OrganisationRef) int { return strings.Compare(a.Name, b.Name) })
	}
	return nil
}

// escapeOrganisationLike makes s match itself literally in a LIKE pattern with ESCAPE '\'.
func escapeOrganisationLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// OrganisationHistory returns every version of the organisation, newest first.
// Administrators only; ENOTFOUND for an unknown slug or a caller who may not.
func (s *Organisations) OrganisationHistory(ctx context.Context, slug string) ([]*scrutineer.OrganisationVersion, error) {
	if err := auth.Authorise(ctx, auth.ManageOrganisations, auth.Resource{}); err != nil {
		return nil, err
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT v.version, v.slug, v.name, v.kind, v.status, v.parent_slug, v.merged_into_slug,
		v.area_slugs, v.changed_at, v.changed_by_id, v.changed_by, v.reason
		FROM organisation_versions v JOIN organisations o ON o.id = v.organisation_id
		WHERE o.slug = $1 ORDER BY v.version DESC`, strings.ToLower(strings.TrimSpace(slug)))
	if err != nil {
		return nil, fmt.Errorf("organisation history: %w", err)
	}
	defer rows.Close()
	var list []*scrutineer.OrganisationVersion
	for rows.Next() {
		var v scrutineer.OrganisationVersion
		var areas string
		var at Time
		var by sql.NullString
		if err := rows.Scan(&v.Version, &v.Slug, &v.Name, &v.Kind, &v.Status, &v.ParentSlug, &v.MergedIntoSlug,
			&areas, &at, &by, &v.ChangedBy, &v.Reason); err != nil {
			return nil, fmt.Errorf("organisation history: %w", err)
		}
		v.AreaSlugs, v.ChangedAt, v.ChangedByID = strings.Fields(areas), at.Time, by.String
		list = append(list, &v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("organisation history: %w", err)
	}
	if len(list) == 0 {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "There is no such organisation in the directory.")
	}
	return list, nil
}
