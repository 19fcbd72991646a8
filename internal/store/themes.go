package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// Themes keeps the theme vocabulary (versioned in theme_vocabulary) and the themes
// of each review and recommendation (themes_review.go, themes_sources.go). See
// docs/decisions/0105-themes-repository-deadlines.md.
type Themes struct {
	db *DB
	// latest is the newest version read. A version is written whole in one
	// transaction and never changed after, so the copy stays right until a newer
	// version appears: CurrentThemes then asks only for the newest number (the
	// review page and the repository spent a tenth of their time reading the
	// vocabulary's descriptions and keywords).
	mu     sync.Mutex
	latest *scrutineer.ThemeVersion
}

// NewThemes returns the themes store.
func NewThemes(db *DB) *Themes { return &Themes{db: db} }

// SeedThemes records scrutineer.DefaultThemes as version 1 when the vocabulary is
// empty, and reports whether it did. It is safe to run at every start and from two
// servers at once (ON CONFLICT DO NOTHING). Callers: the service
// (auth.SystemContext).
func (s *Themes) SeedThemes(ctx context.Context) (bool, error) {
	if err := auth.Authorise(ctx, auth.ManageReviewSettings, auth.Resource{}); err != nil {
		return false, err
	}
	seeded := false
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM theme_vocabulary`).Scan(&n); err != nil {
			return fmt.Errorf("count themes: %w", err)
		}
		if n > 0 {
			return nil
		}
		added, err := insertThemes(ctx, tx, 1, scrutineer.DefaultThemes)
		if err != nil || added == 0 {
			return err
		}
		seeded = true
		return s.audit(ctx, tx, "theme_vocabulary.seed", 1, fmt.Sprintf("Version 1 seeded with %d themes.", added))
	})
	return seeded, err
}

// insertThemes writes themes as version v and returns how many rows were new.
func insertThemes(ctx context.Context, tx *sql.Tx, v int, themes []scrutineer.Theme) (int, error) {
	added := 0
	for _, t := range themes {
		res, err := tx.ExecContext(ctx, `INSERT INTO theme_vocabulary (version, code, label, description, keywords) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (version, code) DO NOTHING`, v, t.Code, strings.TrimSpace(t.Label), strings.TrimSpace(t.Description), strings.Join(t.Keywords, "\n"))
		if err != nil {
			return 0, fmt.Errorf("insert theme: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, err
		}
		added += int(n)
	}
	return added, nil
}

// ThemeVersions implements scrutineer.ThemeService: every version, newest first.
func (s *Themes) ThemeVersions(ctx context.Context) ([]scrutineer.ThemeVersion, error) {
	if err := auth.Authorise(ctx, auth.ManageReviewSettings, auth.Resource{}); err != nil {
		return nil, err
	}
	return s.versions(ctx, s.db.read, "")
}

// CurrentThemes implements scrutineer.ThemeService: the version in force. Any
// signed-in caller or the service. Before the vocabulary is seeded it answers the
// defaults as version 1.
func (s *Themes) CurrentThemes(ctx context.Context) (*scrutineer.ThemeVersion, error) {
	if scrutineer.UserFromContext(ctx) == nil && !auth.IsSystemContext(ctx) {
		return nil, scrutineer.Errorf(scrutineer.EUNAUTHORISED, "Sign in to continue.")
	}
	var newest sql.NullInt64
	if err := s.db.read.QueryRowContext(ctx, `SELECT MAX(version) FROM theme_vocabulary`).Scan(&newest); err != nil {
		return nil, fmt.Errorf("read the theme vocabulary's version: %w", err)
	}
	s.mu.Lock()
	kept := s.latest
	s.mu.Unlock()
	if kept != nil && newest.Valid && int64(kept.Version) == newest.Int64 {
		return cloneVersion(kept), nil
	}
	cur, err := s.current(ctx, s.db.read)
	if err != nil || !newest.Valid {
		return cur, err
	}
	s.mu.Lock()
	if s.latest == nil || cur.Version > s.latest.Version {
		s.latest = cloneVersion(cur)
	}
	s.mu.Unlock()
	return cur, nil
}

// cloneVersion copies v so that a caller may change what it is given.
func cloneVersion(v *scrutineer.ThemeVersion) *scrutineer.ThemeVersion {
	out := &scrutineer.ThemeVersion{Version: v.Version, Themes: slices.Clone(v.Themes)}
	for i := range out.Themes {
		out.Themes[i].Keywords = slices.Clone(out.Themes[i].Keywords)
	}
	return out
}

func (s *Themes) current(ctx context.Context, q querier) (*scrutineer.ThemeVersion, error) {
	vs, err := s.versions(ctx, q, `WHERE version = (SELECT MAX(version) FROM theme_vocabulary)`)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return &scrutineer.ThemeVersion{Version: 1, Themes: slices.Clone(scrutineer.DefaultThemes)}, nil
	}
	return &vs[0], nil
}

// versions reads the versions matching where, newest first, themes by label.
func (s *Themes) versions(ctx context.Context, q querier, where string) ([]scrutineer.ThemeVersion, error) {
	rows, err := q.QueryContext(ctx, `SELECT version, code, label, description, keywords FROM theme_vocabulary `+where+` ORDER BY version DESC, label, code`)
	if err != nil {
		return nil, fmt.Errorf("read themes: %w", err)
	}
	list, err := collect(rows, func(rs scanner) (scrutineer.Theme, error) {
		var t scrutineer.Theme
		var kw string
		err := rs.Scan(&t.Version, &t.Code, &t.Label, &t.Description, &kw)
		if kw != "" {
			t.Keywords = strings.Split(kw, "\n")
		}
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("read themes: %w", err)
	}
	var out []scrutineer.ThemeVersion
	for _, t := range list {
		if len(out) == 0 || out[len(out)-1].Version != t.Version {
			out = append(out, scrutineer.ThemeVersion{Version: t.Version})
		}
		out[len(out)-1].Themes = append(out[len(out)-1].Themes, t)
	}
	return out, nil
}

// NewThemeVersion implements scrutineer.ThemeService: themes become the next
// version, made from the current one (labels, descriptions and keywords edited,
// codes added or retired). Audited as "theme_vocabulary.version" with the codes
// added, retired and changed. Managers and administrators
// (auth.ManageReviewSettings). EINVALID with field problems; ECONFLICT when someone
// else made a version meanwhile.
func (s *Themes) NewThemeVersion(ctx context.Context, themes []scrutineer.Theme) (int, error) {
	if err := auth.Authorise(ctx, auth.ManageReviewSettings, auth.Resource{}); err != nil {
		return 0, err
	}
	next := 0
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		cur, err := s.current(ctx, tx)
		if err != nil {
			return err
		}
		if err := scrutineer.ValidateThemeVersion(cur.Themes, themes); err != nil {
			return err
		}
		next = cur.Version + 1
		added, err := insertThemes(ctx, tx, next, themes)
		if err != nil {
			return err
		}
		if added != len(themes) {
			return scrutineer.Errorf(scrutineer.ECONFLICT, "Someone else has made a new version of the themes meanwhile. Open the themes again and make your changes.")
		}
		return s.audit(ctx, tx, "theme_vocabulary.version", next, versionChanges(cur.Themes, themes))
	})
	return next, err
}

// versionChanges says, with codes only, how next differs from cur.
func versionChanges(cur, next []scrutineer.Theme) string {
	var added, retired, changed []string
	for _, t := range next {
		i := slices.IndexFunc(cur, func(c scrutineer.Theme) bool { return c.Code == t.Code })
		switch {
		case i < 0:
			added = append(added, t.Code)
		case cur[i].Label != t.Label || cur[i].Description != t.Description || !slices.Equal(cur[i].Keywords, t.Keywords):
			changed = append(changed, t.Code)
		}
	}
	for _, c := range cur {
		if !slices.ContainsFunc(next, func(t scrutineer.Theme) bool { return t.Code == c.Code }) {
			retired = append(retired, c.Code)
		}
	}
	list := func(what string, codes []string) string {
		if len(codes) == 0 {
			return ""
		}
		return " " + what + ": " + strings.Join(codes, ", ") + "."
	}
	return fmt.Sprintf("%d themes.", len(next)) + list("Added", added) + list("Retired", retired) + list("Changed", changed)
}

// audit records a change to the vocabulary in tx.
func (s *Themes) audit(ctx context.Context, tx *sql.Tx, action string, version int, detail string) error {
	return NewAudit(s.db).RecordTx(ctx, tx, &scrutineer.AuditEntry{
		Action: action, TargetType: "theme_vocabulary", TargetID: fmt.Sprint(version), Detail: detail,
	})
}
