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

// What administrators do to accounts: the list, roles, deactivation and reactivation.
// Every change is audited in its own transaction.

var _ scrutineer.AccountService = (*Users)(nil)

const accountColumns = userColumns + `, u.password_hash <> '', u.status_reason, u.status_changed_at, u.password_changed_at`

const accountFrom = ` FROM users u JOIN organisations o ON o.id = u.organisation_id `

func scanAccount(row scanner) (*scrutineer.Account, error) {
	var u scrutineer.User
	var o scrutineer.Organisation
	var a scrutineer.Account
	var created, statusAt, passwordAt Time
	var hasPassword bool
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &u.OrganisationID, &u.Active, &created, &o.ID, &o.Slug, &o.Name, &o.Kind, &o.Status,
		&hasPassword, &a.StatusReason, &statusAt, &passwordAt); err != nil {
		return nil, err
	}
	u.CreatedAt, u.Organisation = created.Time, &o
	a.User, a.StatusChangedAt, a.PasswordChangedAt = &u, statusAt.Time, passwordAt.Time
	switch {
	case !u.Active:
		a.Status = scrutineer.UserDeactivated
	case !hasPassword:
		a.Status = scrutineer.UserInvited
	default:
		a.Status = scrutineer.UserActive
	}
	return &a, nil
}

// statusCondition is the SQL condition for an account status.
func statusCondition(s scrutineer.UserStatus) string {
	switch s {
	case scrutineer.UserDeactivated:
		return `u.active = $?`
	case scrutineer.UserInvited:
		return `u.active = $? AND u.password_hash = ''`
	}
	return `u.active = $? AND u.password_hash <> ''`
}

// FindAccounts lists accounts matching the filter, by name then email.
// Administrators only; others ENOTFOUND.
func (s *Users) FindAccounts(ctx context.Context, f scrutineer.UserFilter) ([]*scrutineer.Account, error) {
	if err := auth.Authorise(ctx, auth.ManageUsers, auth.Resource{}); err != nil {
		return nil, err
	}
	var where []string
	var args []any
	add := func(cond string, arg any) {
		args = append(args, arg)
		where = append(where, strings.ReplaceAll(cond, "$?", fmt.Sprintf("$%d", len(args))))
	}
	if f.OrganisationSlug != "" {
		add(`o.slug = $?`, f.OrganisationSlug)
	}
	if f.Role != "" {
		add(`EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = $?)`, string(f.Role))
	}
	if f.Status != "" {
		add(statusCondition(f.Status), f.Status != scrutineer.UserDeactivated)
	}
	if text := strings.ToLower(strings.TrimSpace(f.Text)); text != "" {
		add(`(lower(u.name) LIKE $? ESCAPE '\' OR u.email LIKE $? ESCAPE '\')`, "%"+escapeOrganisationLike(text)+"%")
	}
	limit, offset := pageOf(f.Limit, f.Offset)
	q := `SELECT ` + accountColumns + accountFrom
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += fmt.Sprintf(` ORDER BY lower(u.name), u.email LIMIT %d OFFSET %d`, limit, offset)
	rows, err := s.db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find accounts: %w", err)
	}
	list, err := collect(rows, scanAccount)
	if err != nil {
		return nil, fmt.Errorf("find accounts: %w", err)
	}
	for _, a := range list {
		if err := s.roles(ctx, s.db.read, a.User); err != nil {
			return nil, fmt.Errorf("account roles: %w", err)
		}
	}
	return list, nil
}

// FindAccount returns one account. Administrators only; ENOTFOUND for an unknown
// account or another caller.
func (s *Users) FindAccount(ctx context.Context, id string) (*scrutineer.Account, error) {
	if err := auth.Authorise(ctx, auth.ManageUsers, auth.Resource{}); err != nil {
		return nil, err
	}
	return s.findAccount(ctx, s.db.read, id)
}

func (s *Users) findAccount(ctx context.Context, q querier, id string) (*scrutineer.Account, error) {
	a, err := scanAccount(q.QueryRowContext(ctx, `SELECT `+accountColumns+accountFrom+`WHERE u.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "No such user.")
	}
	if err != nil {
		return nil, fmt.Errorf("find account: %w", err)
	}
	if err := s.roles(ctx, q, a.User); err != nil {
		return nil, fmt.Errorf("account roles: %w", err)
	}
	return a, nil
}

// ChangeRoles replaces the account's roles and records the change in the audit
// trail. Administrators only. EINVALID for no roles or roles that do not fit the
// account's organisation; ECONFLICT when administrators would remove their own
// administrator role (someone else must, so the service always keeps one).
func (s *Users) ChangeRoles(ctx context.Context, id string, roles []scrutineer.Role) error {
	if err := auth.Authorise(ctx, auth.ManageUsers, auth.Resource{}); err != nil {
		return err
	}
	roles = slices.Clone(roles)
	slices.Sort(roles)
	roles = slices.Compact(roles)
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		a, err := s.findAccount(ctx, tx, id)
		if err != nil {
			return err
		}
		var p scrutineer.Problems
		scrutineer.ValidateRoles(&p, roles, a.Organisation.Kind)
		if err := p.Err("Check the roles."); err != nil {
			return err
		}
		if me := scrutineer.UserFromContext(ctx); me != nil && me.ID == id && !slices.Contains(roles, scrutineer.RoleAdmin) {
			return scrutineer.Errorf(scrutineer.ECONFLICT, "You cannot remove your own administrator role. Ask another administrator to do it.")
		}
		if slices.Equal(a.Roles, roles) {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM user_roles WHERE user_id = $1`, id); err != nil {
			return fmt.Errorf("change roles: %w", err)
		}
		for _, r := range roles {
			if _, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role) VALUES ($1, $2)`, id, string(r)); err != nil {
				return fmt.Errorf("change roles: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET updated_at = $1 WHERE id = $2`, Time{s.db.Now()}, id); err != nil {
			return fmt.Errorf("change roles: %w", err)
		}
		return NewAudit(s.db).RecordTx(ctx, tx, &scrutineer.AuditEntry{
			Action: "user.roles_change", TargetType: "user", TargetID: id, OrganisationID: a.OrganisationID,
			Detail: "Roles changed from " + roleList(a.Roles) + " to " + roleList(roles),
		})
	})
}

// roleList names roles by their codes for the audit trail: codes, unlike labels, do
// not change with the wording of the pages.
func roleList(roles []scrutineer.Role) string {
	if len(roles) == 0 {
		return "none"
	}
	s := make([]string, len(roles))
	for i, r := range roles {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}

// DeactivateUser stops the account from signing in and ends all its sessions in the
// same transaction, so nothing it holds keeps working. Administrators only. EINVALID
// without a reason; ECONFLICT for the caller's own account or one already deactivated.
func (s *Users) DeactivateUser(ctx context.Context, id, reason string) error {
	return s.setActive(ctx, id, reason, false)
}

// ReactivateUser lets a deactivated account sign in again. Administrators only.
// EINVALID without a reason; ECONFLICT unless the account is deactivated.
func (s *Users) ReactivateUser(ctx context.Context, id, reason string) error {
	return s.setActive(ctx, id, reason, true)
}

func (s *Users) setActive(ctx context.Context, id, reason string, active bool) error {
	if err := auth.Authorise(ctx, auth.ManageUsers, auth.Resource{}); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	var p scrutineer.Problems
	scrutineer.ValidateReason(&p, reason)
	if err := p.Err("Give a reason."); err != nil {
		return err
	}
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		a, err := s.findAccount(ctx, tx, id)
		if err != nil {
			return err
		}
		switch {
		case a.Active == active && active:
			return scrutineer.Errorf(scrutineer.ECONFLICT, "This account is not deactivated.")
		case a.Active == active:
			return scrutineer.Errorf(scrutineer.ECONFLICT, "This account is already deactivated.")
		}
		if me := scrutineer.UserFromContext(ctx); me != nil && me.ID == id {
			return scrutineer.Errorf(scrutineer.ECONFLICT, "You cannot deactivate your own account. Ask another administrator to do it.")
		}
		now := Time{s.db.Now()}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET active = $1, status_reason = $2, status_changed_at = $3, updated_at = $3 WHERE id = $4`,
			active, reason, now, id); err != nil {
			return fmt.Errorf("set active: %w", err)
		}
		action, detail := "user.reactivate", "Account reactivated"
		if !active {
			res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, id)
			if err != nil {
				return fmt.Errorf("end sessions: %w", err)
			}
			n, _ := res.RowsAffected()
			action, detail = "user.deactivate", fmt.Sprintf("Account deactivated; %d sessions ended", n)
		}
		// NOTE: the reason stays on the account, not in the trail: it may say things
		// about the person (leave, conduct) that the trail must not hold.
		return NewAudit(s.db).RecordTx(ctx, tx, &scrutineer.AuditEntry{
			Action: action, TargetType: "user", TargetID: id, OrganisationID: a.OrganisationID, Detail: detail,
		})
	})
}
