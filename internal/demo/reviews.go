package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/generate"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/store"
)

// ReviewsSeed fixes the generated reviews, so every demo shows the same ones (dated
// back from the day it first starts).
const ReviewsSeed = 2026

// Reviews is what seeding the generated learning reviews needs.
type Reviews struct {
	DB    *store.DB
	Index search.Index
	Users interface {
		FindUserByEmail(ctx context.Context, email string) (*scrutineer.User, error)
	}
	// Documents, when set, uploads a few reports as real encrypted documents.
	Documents *generate.Documents
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// SeedReviews generates the demo's learning reviews (internal/generate at its small
// size: about 400 reviews over six years across every protection committee, in
// every state, with their records and report texts in the search index). The
// demo's committee officers get reviews in every state of their own committees,
// made by them; the demo inspector and analyst act for the regulator alongside
// generated colleagues. It does nothing when the reviews exist already. ctx must
// be a system context.
func SeedReviews(ctx context.Context, r Reviews) (*generate.Result, error) {
	done, err := generate.Exists(ctx, r.DB)
	if err != nil || done {
		return nil, err
	}
	cfg := generate.Config{Seed: ReviewsSeed, Size: generate.Small, Index: r.Index, Documents: r.Documents, Officers: map[string]string{}}
	cfg.Today = time.Now()
	if r.Now != nil {
		cfg.Today = r.Now()
	}
	for _, a := range Accounts {
		u, err := r.Users.FindUserByEmail(ctx, a.Email)
		if err != nil {
			return nil, fmt.Errorf("demo reviews: %s: %w", a.Email, err)
		}
		switch a.Role {
		case scrutineer.RoleCommitteeOfficer:
			cfg.Officers[u.OrganisationID] = u.ID
			cfg.Focus = append(cfg.Focus, u.OrganisationID)
		case scrutineer.RoleInspector:
			cfg.Inspectors = append(cfg.Inspectors, u.ID)
		case scrutineer.RoleAnalyst:
			cfg.Analysts = append(cfg.Analysts, u.ID)
		case scrutineer.RoleManager:
			cfg.Managers = append(cfg.Managers, u.ID)
		}
	}
	res, err := generate.Generate(ctx, r.DB, cfg)
	if err != nil {
		return nil, fmt.Errorf("demo reviews: %w", err)
	}
	return res, nil
}
