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

const checkOrganisation = "Check the organisation's details."

// CreateOrganisation adds an organisation with its first version. Administrators
// only. EINVALID when a field is wrong or a referred organisation is missing,
// ECONFLICT when the slug is taken; nothing is stored unless everything is valid.
func (s *Organisations) CreateOrganisation(ctx context.Context, o *scrutineer.Organisation, reason string) error {
	if err := auth.Authorise(ctx, auth.ManageOrganisations, auth.Resource{}); err != nil {
		return err
	}
	o.Normalise()
	var p scrutineer.Problems
	o.Validate(&p)
	scrutineer.ValidateReason(&p, reason)
	if err := p.Err(checkOrganisation); err != nil {
		return err
	}
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		if err := organisationNameFree(ctx, tx, o.Name, ""); err != nil {
			return err
		}
		var audit pendingAudit
		created, err := s.insert(ctx, tx, o, strings.TrimSpace(reason), orgChange{action: "organisation.create", detail: "Added to the directory."}, &audit)
		if err != nil {
			return err
		}
		if !created {
			return &scrutineer.Error{Code: scrutineer.ECONFLICT, Message: checkOrganisation,
				Fields: map[string]string{"slug": "Another organisation already uses this short name"}}
		}
		return audit.record(ctx, tx, s.db)
	})
}

// AddMissingOrganisations creates each organisation whose slug is not in the directory
// yet, in order, in one transaction, and returns how many it created. It never changes
// an organisation that exists, so edits made by administrators survive. Administrators
// and the service itself (auth.SystemContext) only.
func (s *Organisations) AddMissingOrganisations(ctx context.Context, orgs []*scrutineer.Organisation, reason string) (int, error) {
	if err := auth.Authorise(ctx, auth.ManageOrganisations, auth.Resource{}); err != nil {
		return 0, err
	}
	reason = strings.TrimSpace(reason)
	var p scrutineer.Problems
	scrutineer.ValidateReason(&p, reason)
	if err := p.Err(checkOrganisation); err != nil {
		return 0, err
	}
	added := 0
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		added = 0
		existing, err := organisationSlugs(ctx, tx)
		if err != nil {
			return err
		}
		var audit pendingAudit
		for _, o := range orgs {
			o.Normalise()
			if existing[o.Slug] {
				continue
			}
			var p scrutineer.Problems
			o.Validate(&p)
			if err := p.Err(fmt.Sprintf("Check the details of %q.", o.Slug)); err != nil {
				return err
			}
			// NOTE: no check that the name is free: a name an administrator has
			// since given to another organisation must not stop the service starting.
			created, err := s.insert(ctx, tx, o, reason, orgChange{action: "directory.sync", detail: "Added from the reference directory."}, &audit)
			if err != nil {
				return fmt.Errorf("add %s: %w", o.Slug, err)
			}
			if created {
				added++
			}
			existing[o.Slug] = true
		}
		return audit.record(ctx, tx, s.db)
	})
	return added, err
}

func organisationSlugs(ctx context.Context, q querier) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT slug FROM organisations`)
	if err != nil {
		return nil, fmt.Errorf("organisation slugs: %w", err)
	}
	defer rows.Close()
	m := map[string]bool{}
	for rows.Next() {
		var slug string
		if err := rows.Scan(&slug); err != nil {
			return nil, err
		}
		m[slug] = true
	}
	return m, rows.Err()
}

// insert stores a validated new organisation with its areas and first version, and
// adds ev to audit. It reports false, storing nothing, when the slug is taken (also by
// a concurrent transaction on PostgreSQL, which ON CONFLICT waits for).
func (s *Organisations) insert(ctx context.Context, tx *sql.Tx, o *scrutineer.Organisation, reason string, ev orgChange, audit *pendingAudit) (bool, error) {
	var p scrutineer.Problems
	var parentID any
	if o.Parent != nil && o.Parent.Slug != "" {
		ref, err := resolveOrganisation(ctx, tx, o.Parent.Slug)
		switch {
		case err != nil:
			return false, err
		case ref == nil:
			p.Add("parent", "Choose a chief officers group from the directory")
		case ref.kind != scrutineer.KindChiefOfficersGroup:
			p.Add("parent", "Choose a chief officers group: only they oversee other bodies")
		default:
			parentID = ref.id
		}
	}
	var areaIDs []string
	for _, slug := range o.AreaSlugs() {
		ref, err := resolveOrganisation(ctx, tx, slug)
		if err != nil {
			return false, err
		}
		if ref == nil || ref.kind != scrutineer.KindLocalAuthority {
			p.Add("areas", "Choose areas from the list of local authorities")
			continue
		}
		if !slices.Contains(areaIDs, ref.id) {
			areaIDs = append(areaIDs, ref.id)
		}
	}
	if err := p.Err(checkOrganisation); err != nil {
		return false, err
	}
	now := s.db.Now()
	id := NewID()
	res, err := tx.ExecContext(ctx, `INSERT INTO organisations (id, slug, name, kind, status, parent_id, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7) ON CONFLICT (slug) DO NOTHING`,
		id, o.Slug, o.Name, string(o.Kind), string(scrutineer.StatusActive), parentID, Time{now})
	if err != nil {
		return false, fmt.Errorf("insert organisation: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	for _, a := range areaIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO organisation_areas (organisation_id, area_id) VALUES ($1, $2)`, id, a); err != nil {
			return false, fmt.Errorf("insert organisation area: %w", err)
		}
	}
	if err := s.snapshot(ctx, tx, id, reason, ev, audit); err != nil {
		return false, err
	}
	fresh, err := findOrganisation(ctx, tx, `o.id = $1`, id)
	if err != nil {
		return false, err
	}
	*o = *fresh
	return true, nil
}

type organisationRef struct {
	id     string
	kind   scrutineer.OrganisationKind
	status scrutineer.OrganisationStatus
}

// resolveOrganisation returns the organisation with this slug, or nil when there is none.
func resolveOrganisation(ctx context.Context, q querier, slug string) (*organisationRef, error) {
	var r organisationRef
	err := q.QueryRowContext(ctx, `SELECT id, kind, status FROM organisations WHERE slug = $1`, slug).Scan(&r.id, &r.kind, &r.status)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("resolve organisation %s: %w", slug, err)
	}
	return &r, nil
}

// organisationNameFree answers EINVALID when another organisation than except has this name.
func organisationNameFree(ctx context.Context, q querier, name, except string) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM organisations WHERE lower(name) = $1 AND id <> $2`,
		strings.ToLower(name), except).Scan(&n); err != nil {
		return fmt.Errorf("check organisation name: %w", err)
	}
	if n > 0 {
		return &scrutineer.Error{Code: scrutineer.EINVALID, Message: checkOrganisation,
			Fields: map[string]string{"name": "Another organisation already has this name"}}
	}
	return nil
}

// orgChange is how a new version of an organisation is recorded in the audit trail:
// the action, and what changed in plain words. NOTE: the detail never repeats the
// reason typed by the administrator, which could name a person; the reason stays in
// the organisation's own history.
type orgChange struct{ action, detail string }

// snapshot writes the organisation as it now stands, in full, as its current version,
// recording who made the change and why, and adds ev to audit, which the caller
// records before it commits: every version of an organisation has its audit entry.
func (s *Organisations) snapshot(ctx context.Context, tx *sql.Tx, id, reason string, ev orgChange, audit *pendingAudit) error {
	o, err := findOrganisation(ctx, tx, `o.id = $1`, id)
	if err != nil {
		return err
	}
	var byID any
	by := "Scrutineer"
	if u := scrutineer.UserFromContext(ctx); u != nil {
		byID, by = u.ID, u.Name
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO organisation_versions (organisation_id, version, slug, name, kind, status,
		parent_slug, merged_into_slug, area_slugs, changed_at, changed_by_id, changed_by, reason)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		o.ID, o.Version, o.Slug, o.Name, string(o.Kind), string(o.Status), o.ParentSlug(), o.MergedIntoSlug(),
		strings.Join(o.AreaSlugs(), " "), Time{o.UpdatedAt}, byID, by, reason)
	if err != nil {
		return fmt.Errorf("insert organisation version: %w", err)
	}
	audit.add(&scrutineer.AuditEntry{
		Action: ev.action, TargetType: "organisation", TargetID: o.ID, OrganisationID: o.ID,
		Detail: fmt.Sprintf("%s Version %d.", ev.detail, o.Version),
	})
	return nil
}
