package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"sort"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// Users keeps accounts. It implements scrutineer.UserService.
type Users struct{ db *DB }

// NewUsers returns the account store.
func NewUsers(db *DB) *Users { return &Users{db: db} }

var _ scrutineer.UserService = (*Users)(nil)

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 12

const userColumns = `u.id, u.email, u.name, u.organisation_id, u.active, u.created_at, o.id, o.slug, o.name, o.kind, o.status`

// rolesOf is a user's roles as one comma-separated column, in order (SQLite 3.44 and
// PostgreSQL both have string_agg with ORDER BY).
const rolesOf = `COALESCE((SELECT string_agg(r.role, ',' ORDER BY r.role) FROM user_roles r WHERE r.user_id = u.id), '')`

// splitRoles reads the column rolesOf makes.
func splitRoles(s string) []scrutineer.Role {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	roles := make([]scrutineer.Role, len(parts))
	for i, p := range parts {
		roles[i] = scrutineer.Role(p)
	}
	return roles
}

// scanUser reads userColumns, then any more columns into more.
func scanUser(row interface{ Scan(...any) error }, more ...any) (*scrutineer.User, error) {
	var u scrutineer.User
	var o scrutineer.Organisation
	var created Time
	if err := row.Scan(append([]any{&u.ID, &u.Email, &u.Name, &u.OrganisationID, &u.Active, &created, &o.ID, &o.Slug, &o.Name, &o.Kind, &o.Status}, more...)...); err != nil {
		return nil, err
	}
	u.CreatedAt = created.Time
	u.Organisation = &o
	return &u, nil
}

func (s *Users) roles(ctx context.Context, q querier, u *scrutineer.User) error {
	rows, err := q.QueryContext(ctx, `SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role`, u.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	u.Roles = nil
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return err
		}
		u.Roles = append(u.Roles, scrutineer.Role(r))
	}
	return rows.Err()
}

// Authenticate returns the active user with this email and password. Any failure is
// the same EUNAUTHORISED error so the answer does not reveal which accounts exist.
func (s *Users) Authenticate(ctx context.Context, email, password string) (*scrutineer.User, error) {
	wrong := scrutineer.Errorf(scrutineer.EUNAUTHORISED, "Enter a correct email address and password.")
	var id, hash string
	var active bool
	err := s.db.read.QueryRowContext(ctx, `SELECT id, password_hash, active FROM users WHERE email = $1`, normaliseEmail(email)).Scan(&id, &hash, &active)
	if errors.Is(err, sql.ErrNoRows) {
		auth.CheckNoAccount(password)
		return nil, wrong
	}
	if err != nil {
		return nil, fmt.Errorf("authenticate: %w", err)
	}
	if hash == "" {
		// An invited account has no password yet: spend the same time as a check so
		// that invited accounts cannot be told apart from unknown ones.
		auth.CheckNoAccount(password)
		return nil, wrong
	}
	ok, err := auth.CheckPassword(hash, password)
	if err != nil && !errors.Is(err, auth.ErrMalformedHash) {
		return nil, err
	}
	if !ok || !active {
		return nil, wrong
	}
	return s.FindUserByID(ctx, id)
}

// FindUserByID returns the user or ENOTFOUND.
func (s *Users) FindUserByID(ctx context.Context, id string) (*scrutineer.User, error) {
	return s.findUser(ctx, s.db.read, `u.id = $1`, id)
}

// FindUserByEmail returns the user or ENOTFOUND.
func (s *Users) FindUserByEmail(ctx context.Context, email string) (*scrutineer.User, error) {
	return s.findUser(ctx, s.db.read, `u.email = $1`, normaliseEmail(email))
}

func (s *Users) findUser(ctx context.Context, q querier, where string, arg any) (*scrutineer.User, error) {
	var roles string
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+`, `+rolesOf+` FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE `+where, arg), &roles)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "No such user.")
	}
	if err != nil {
		return nil, fmt.Errorf("find user: %w", err)
	}
	u.Roles = splitRoles(roles)
	return u, nil
}

// CreateUser adds an account. Validation problems answer EINVALID; a taken email
// answers ECONFLICT. Nothing is stored unless everything is valid.
func (s *Users) CreateUser(ctx context.Context, u *scrutineer.User, password string) error {
	u.Email = normaliseEmail(u.Email)
	u.Name = strings.TrimSpace(u.Name)
	var p scrutineer.Problems
	if _, err := mail.ParseAddress(u.Email); err != nil || !strings.Contains(u.Email, "@") || strings.ContainsAny(u.Email, " <>") {
		p.Add("email", "Enter an email address in the correct format, like name@example.org")
	}
	if u.Name == "" {
		p.Add("name", "Enter the person's name")
	}
	if len(u.Roles) == 0 {
		p.Add("role", "Choose at least one role")
	}
	for _, r := range u.Roles {
		if !r.Valid() {
			p.Add("role", fmt.Sprintf("%q is not a role", string(r)))
		}
	}
	if len(password) < MinPasswordLength {
		p.Add("password", fmt.Sprintf("Password must be %d characters or more", MinPasswordLength))
	}
	if u.OrganisationID == "" {
		p.Add("organisation", "Choose the person's organisation")
	}
	if err := p.Err("Check the account details."); err != nil {
		return err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	roles := append([]scrutineer.Role(nil), u.Roles...)
	sort.Slice(roles, func(i, j int) bool { return roles[i] < roles[j] })
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE email = $1`, u.Email).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &scrutineer.Error{Code: scrutineer.ECONFLICT, Message: "An account with this email address already exists.", Fields: map[string]string{"email": "An account with this email address already exists"}}
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM organisations WHERE id = $1`, u.OrganisationID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return &scrutineer.Error{Code: scrutineer.EINVALID, Message: "Check the account details.", Fields: map[string]string{"organisation": "Choose an organisation from the directory"}}
		}
		now := s.db.Now()
		u.ID, u.Active, u.CreatedAt = NewID(), true, now
		if _, err := tx.ExecContext(ctx, `INSERT INTO users (id, email, name, organisation_id, password_hash, active, created_at, updated_at, password_changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7)`,
			u.ID, u.Email, u.Name, u.OrganisationID, hash, true, Time{now}); err != nil {
			return fmt.Errorf("insert user: %w", err)
		}
		for _, r := range roles {
			if _, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role) VALUES ($1, $2)`, u.ID, string(r)); err != nil {
				return fmt.Errorf("insert role: %w", err)
			}
		}
		return nil
	})
}

func normaliseEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

// querier is what *sql.DB and *sql.Tx share, for helpers that run in either.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}
