package generate

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/store"
)

// Committee is a child, adult or public protection committee of the directory.
type Committee struct {
	ID, Slug, Name string
	Kind           scrutineer.OrganisationKind
}

// Staff are the accounts reviews are generated with.
type Staff struct {
	Officers   map[string]string // committee id -> user id
	Inspectors []string
	Managers   []string
	Analysts   []string
	// Generated are the accounts this run made. They have no password, so nobody
	// can sign in as them; benchmarks open sessions for them directly.
	Generated []string
}

// generatedDomain marks generated accounts' email addresses.
const generatedDomain = "@generated.scrutineer.test"

// regulatorStaff is how many generated accounts of each regulator role a run adds
// to the ones given.
const regulatorStaff = 3

// Exists reports whether a generation has already run against db.
func Exists(ctx context.Context, db *store.DB) (bool, error) {
	var n int
	err := db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM users WHERE email = $1`, "inspector.1"+generatedDomain).Scan(&n)
	return n > 0, err
}

type staffSource struct{}

func (staffSource) Name() string { return "staff" }

// Generate reads the committees and adds the accounts the reviews need.
func (staffSource) Generate(ctx context.Context, r *Run) error {
	if err := r.loadDirectory(ctx); err != nil {
		return err
	}
	c := r.Config
	st := &Staff{Officers: map[string]string{}, Inspectors: c.Inspectors, Managers: c.Managers, Analysts: c.Analysts}
	created := r.Config.Today.AddDate(-r.Config.Size.Years, 0, 0).Add(9 * time.Hour)
	rnd := r.Rand("staff")
	var users, roles [][]any
	add := func(email, name, org string, role scrutineer.Role) string {
		id := newID(rnd, created)
		users = append(users, []any{id, email, name, org, "", true, store.Time{Time: created}, store.Time{Time: created}})
		roles = append(roles, []any{id, string(role)})
		st.Generated = append(st.Generated, id)
		return id
	}
	for _, cm := range r.Committees {
		if id := c.Officers[cm.ID]; id != "" {
			st.Officers[cm.ID] = id
			continue
		}
		st.Officers[cm.ID] = add("officer."+cm.Slug+generatedDomain, "Committee officer, "+cm.Name, cm.ID, scrutineer.RoleCommitteeOfficer)
	}
	for i := 1; i <= regulatorStaff; i++ {
		st.Inspectors = append(st.Inspectors, add(fmt.Sprintf("inspector.%d%s", i, generatedDomain), fmt.Sprintf("Inspector %d (generated)", i), r.Regulator, scrutineer.RoleInspector))
		st.Managers = append(st.Managers, add(fmt.Sprintf("manager.%d%s", i, generatedDomain), fmt.Sprintf("Team manager %d (generated)", i), r.Regulator, scrutineer.RoleManager))
		st.Analysts = append(st.Analysts, add(fmt.Sprintf("analyst.%d%s", i, generatedDomain), fmt.Sprintf("Analyst %d (generated)", i), r.Regulator, scrutineer.RoleAnalyst))
	}
	r.Staff = st
	return r.DB.WriteTx(ctx, func(tx *sql.Tx) error {
		if err := r.Insert(ctx, tx, "users", []string{"id", "email", "name", "organisation_id", "password_hash", "active", "created_at", "updated_at"}, users); err != nil {
			return err
		}
		return r.Insert(ctx, tx, "user_roles", []string{"user_id", "role"}, roles)
	})
}

// loadDirectory reads the active protection committees, in slug order, and the
// regulator.
func (r *Run) loadDirectory(ctx context.Context) error {
	rows, err := r.DB.Reader().QueryContext(ctx, `SELECT id, slug, name, kind FROM organisations WHERE status = 'active' ORDER BY slug`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var cm Committee
		var kind string
		if err := rows.Scan(&cm.ID, &cm.Slug, &cm.Name, &kind); err != nil {
			return err
		}
		cm.Kind = scrutineer.OrganisationKind(kind)
		r.slugs[cm.ID] = cm.Slug
		switch {
		case cm.Kind.Committee():
			r.Committees = append(r.Committees, cm)
		case cm.Kind == scrutineer.KindRegulator && r.Regulator == "":
			r.Regulator = cm.ID
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(r.Committees) == 0 || r.Regulator == "" {
		return errors.New("the organisation directory has no committees or no regulator: load it first")
	}
	return nil
}

// Insert writes rows through store.InsertRows and adds them to the count and the
// fingerprint.
func (r *Run) Insert(ctx context.Context, tx *sql.Tx, table string, columns []string, rows [][]any) error {
	return r.insert(ctx, tx, table, columns, rows, false)
}

// InsertSeed is Insert for rows that may already exist (a vocabulary, a checklist):
// those are left as they are.
func (r *Run) InsertSeed(ctx context.Context, tx *sql.Tx, table string, columns []string, rows [][]any) error {
	return r.insert(ctx, tx, table, columns, rows, true)
}

func (r *Run) insert(ctx context.Context, tx *sql.Tx, table string, columns []string, rows [][]any, skip bool) error {
	if err := store.InsertRows(ctx, tx, table, columns, rows, skip); err != nil {
		return err
	}
	fmt := strings.Join(columns, ",")
	r.Fingerprint(table, fmt)
	for _, row := range rows {
		r.Fingerprint(row...)
	}
	r.counts[table] += len(rows)
	return nil
}

// AddOfficers adds n committee officer accounts spread over the active committees,
// without passwords (nobody can sign in as them; benchmarks open sessions or make
// API tokens for them directly), and returns them. tag keeps their email addresses
// apart from other runs'.
func AddOfficers(ctx context.Context, db *store.DB, n int, tag string) ([]*scrutineer.User, error) {
	r := &Run{DB: db, counts: map[string]int{}, hash: sha256.New(), slugs: map[string]string{}}
	if err := r.loadDirectory(ctx); err != nil {
		return nil, err
	}
	now := db.Now()
	var users, roles [][]any
	var out []*scrutineer.User
	for i := range n {
		cm := r.Committees[i%len(r.Committees)]
		u := &scrutineer.User{ID: store.NewID(), Email: fmt.Sprintf("officer.%s.%d%s", tag, i, generatedDomain), Name: fmt.Sprintf("Committee officer %d, %s", i, cm.Name),
			OrganisationID: cm.ID, Roles: []scrutineer.Role{scrutineer.RoleCommitteeOfficer}, Active: true}
		users = append(users, []any{u.ID, u.Email, u.Name, u.OrganisationID, "", true, store.Time{Time: now}, store.Time{Time: now}})
		roles = append(roles, []any{u.ID, string(scrutineer.RoleCommitteeOfficer)})
		out = append(out, u)
	}
	return out, db.WriteTx(ctx, func(tx *sql.Tx) error {
		if err := r.Insert(ctx, tx, "users", []string{"id", "email", "name", "organisation_id", "password_hash", "active", "created_at", "updated_at"}, users); err != nil {
			return err
		}
		return r.Insert(ctx, tx, "user_roles", []string{"user_id", "role"}, roles)
	})
}
