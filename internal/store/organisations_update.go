package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// UpdateOrganisation renames an organisation or changes its status, writes the new
// version and returns the organisation as changed. Administrators only. EINVALID on
// bad input; ECONFLICT when u.Version is not the current version (someone else saved
// first); ENOTFOUND for an unknown slug. Setting StatusMerged merges the organisation
// as MergeOrganisation does. A change that changes nothing writes no version.
func (s *Organisations) UpdateOrganisation(ctx context.Context, slug string, u scrutineer.OrganisationUpdate) (*scrutineer.Organisation, error) {
	return s.change(ctx, slug, func(*scrutineer.Organisation) scrutineer.OrganisationUpdate { return u })
}

// MergeOrganisation marks the organisation merged into another of a compatible kind
// (scrutineer.OrganisationKind.CanMergeInto). The other organisation takes on its
// areas, and bodies that answered to it answer to the other; each organisation that
// changes gets a new version. Administrators only; errors as for UpdateOrganisation.
func (s *Organisations) MergeOrganisation(ctx context.Context, slug, into string, version int, reason string) (*scrutineer.Organisation, error) {
	return s.change(ctx, slug, func(cur *scrutineer.Organisation) scrutineer.OrganisationUpdate {
		return scrutineer.OrganisationUpdate{Name: cur.Name, Status: scrutineer.StatusMerged, MergedIntoSlug: into, Version: version, Reason: reason}
	})
}

func staleOrganisation() error {
	return scrutineer.Errorf(scrutineer.ECONFLICT, "Someone else changed this organisation after you opened it. Check its details now and make your change again.")
}

// change applies the update that build makes from the current organisation.
func (s *Organisations) change(ctx context.Context, slug string, build func(*scrutineer.Organisation) scrutineer.OrganisationUpdate) (*scrutineer.Organisation, error) {
	if err := auth.Authorise(ctx, auth.ManageOrganisations, auth.Resource{}); err != nil {
		return nil, err
	}
	var out *scrutineer.Organisation
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		cur, err := findOrganisation(ctx, tx, `o.slug = $1`, strings.ToLower(strings.TrimSpace(slug)))
		if err != nil {
			return err
		}
		u := build(cur)
		u.Normalise()
		var p scrutineer.Problems
		u.Validate(&p, cur.Slug)
		if err := p.Err(checkOrganisation); err != nil {
			return err
		}
		if u.Version != cur.Version {
			return staleOrganisation()
		}
		var target *organisationRef
		if u.Status == scrutineer.StatusMerged {
			if target, err = organisationMergeTarget(ctx, tx, cur, u.MergedIntoSlug); err != nil {
				return err
			}
		}
		if u.Name != cur.Name {
			if err := organisationNameFree(ctx, tx, u.Name, cur.ID); err != nil {
				return err
			}
		}
		if u.Name == cur.Name && u.Status == cur.Status && u.MergedIntoSlug == cur.MergedIntoSlug() {
			out = cur
			return nil
		}
		var mergedID any
		if target != nil {
			mergedID = target.id
		}
		res, err := tx.ExecContext(ctx, `UPDATE organisations SET name = $1, status = $2, merged_into_id = $3, version = version + 1, updated_at = $4
			WHERE id = $5 AND version = $6`, u.Name, string(u.Status), mergedID, Time{s.db.Now()}, cur.ID, cur.Version)
		if err != nil {
			return fmt.Errorf("update organisation: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return staleOrganisation()
		}
		var audit pendingAudit
		if target != nil && u.MergedIntoSlug != cur.MergedIntoSlug() {
			if err := s.absorb(ctx, tx, cur, target, u.Reason, &audit); err != nil {
				return err
			}
		}
		if err := s.snapshot(ctx, tx, cur.ID, u.Reason, describeOrganisationChange(cur, u), &audit); err != nil {
			return err
		}
		if out, err = findOrganisation(ctx, tx, `o.id = $1`, cur.ID); err != nil {
			return err
		}
		return audit.record(ctx, tx, s.db)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// describeOrganisationChange names the audited action of an update and says what it
// changed: a change that makes the organisation merged into another is a merge.
func describeOrganisationChange(cur *scrutineer.Organisation, u scrutineer.OrganisationUpdate) orgChange {
	ev := orgChange{action: "organisation.update"}
	var parts []string
	if u.Name != cur.Name {
		parts = append(parts, "Renamed")
	}
	if u.Status != cur.Status {
		parts = append(parts, fmt.Sprintf("Status changed from %s to %s", cur.Status, u.Status))
	}
	if u.MergedIntoSlug != cur.MergedIntoSlug() && u.MergedIntoSlug != "" {
		ev.action = "organisation.merge"
		parts = append(parts, "Merged into "+u.MergedIntoSlug)
	}
	ev.detail = strings.Join(parts, ". ") + "."
	return ev
}

// organisationMergeTarget checks the organisation cur is to merge into.
func organisationMergeTarget(ctx context.Context, q querier, cur *scrutineer.Organisation, slug string) (*organisationRef, error) {
	t, err := resolveOrganisation(ctx, q, slug)
	if err != nil {
		return nil, err
	}
	var p scrutineer.Problems
	switch {
	case t == nil:
		p.Add("merged_into", "Choose an organisation from the directory")
	case t.status != scrutineer.StatusActive && slug != cur.MergedIntoSlug():
		p.Add("merged_into", "Choose an active organisation: this one has itself merged or closed")
	case !cur.Kind.CanMergeInto(t.kind) && cur.Kind.Committee():
		p.Add("merged_into", "Choose a child, adult or public protection committee")
	case !cur.Kind.CanMergeInto(t.kind):
		p.Add("merged_into", "Choose another "+strings.ToLower(cur.Kind.Label()))
	}
	return t, p.Err(checkOrganisation)
}

// absorb hands what a merged organisation had to the organisation it merged into: its
// areas, and the bodies that answered to it. Each organisation that changes gets a
// new version.
func (s *Organisations) absorb(ctx context.Context, tx *sql.Tx, from *scrutineer.Organisation, into *organisationRef, reason string, audit *pendingAudit) error {
	now := Time{s.db.Now()}
	added := int64(0)
	for _, a := range from.Areas {
		res, err := tx.ExecContext(ctx, `INSERT INTO organisation_areas (organisation_id, area_id) VALUES ($1, $2)
			ON CONFLICT (organisation_id, area_id) DO NOTHING`, into.id, a.ID)
		if err != nil {
			return fmt.Errorf("merge areas: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		added += n
	}
	if added > 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE organisations SET version = version + 1, updated_at = $1 WHERE id = $2`, now, into.id); err != nil {
			return fmt.Errorf("merge areas: %w", err)
		}
		ev := orgChange{action: "organisation.update", detail: fmt.Sprintf("Took on the areas of %s, which merged into it.", from.Slug)}
		if err := s.snapshot(ctx, tx, into.id, fmt.Sprintf("Took on the areas of %s, which merged into it. %s", from.Name, reason), ev, audit); err != nil {
			return err
		}
	}
	if into.kind != scrutineer.KindChiefOfficersGroup {
		return nil
	}
	children, err := organisationIDs(ctx, tx, `SELECT id FROM organisations WHERE parent_id = $1`, from.ID)
	if err != nil {
		return err
	}
	for _, id := range children {
		if _, err := tx.ExecContext(ctx, `UPDATE organisations SET parent_id = $1, version = version + 1, updated_at = $2 WHERE id = $3`, into.id, now, id); err != nil {
			return fmt.Errorf("move to merged group: %w", err)
		}
		ev := orgChange{action: "organisation.update", detail: fmt.Sprintf("Now answers to the group that %s merged into.", from.Slug)}
		if err := s.snapshot(ctx, tx, id, fmt.Sprintf("Now answers to the group that %s merged into. %s", from.Name, reason), ev, audit); err != nil {
			return err
		}
	}
	return nil
}

func organisationIDs(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		list = append(list, id)
	}
	return list, rows.Err()
}
