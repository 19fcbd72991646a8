package demo

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/search/searchtest"
)

// RepositoryReports is how many generated reports and minutes the demo's search
// index holds: enough for several pages of results for common words and a few for
// rare ones, and quick to index at every start.
const RepositoryReports = 300

// repositorySeed fixes the generated documents, so every demo shows the same ones.
const repositorySeed = 2026

// Repository is what seeding the search index needs.
type Repository struct {
	Index search.Index
	// WriteTx runs fn in a write transaction (store.DB.WriteTx).
	WriteTx       func(ctx context.Context, fn func(*sql.Tx) error) error
	Organisations interface {
		FindOrganisations(ctx context.Context, f scrutineer.OrganisationFilter) ([]*scrutineer.Organisation, error)
	}
}

// SeedRepository indexes RepositoryReports generated learning review reports and
// committee minutes (internal/search/searchtest) across the directory's protection
// committees and the years 2016-2025, until documents are uploaded for real. It is
// idempotent: the same seed gives the same documents, and the index skips a document
// it already holds unchanged. ctx must be a system context.
func SeedRepository(ctx context.Context, r Repository) error {
	orgs, err := r.Organisations.FindOrganisations(ctx, scrutineer.OrganisationFilter{})
	if err != nil {
		return err
	}
	gen := searchtest.New(repositorySeed)
	gen.YearFrom, gen.YearTo = 2016, 2025
	gen.Organisations = nil
	for _, o := range orgs {
		if !o.Kind.Committee() || o.Status != scrutineer.StatusActive {
			continue
		}
		// NOTE: the generator names a committee's kind in titles from an "apc-" or
		// "cpc-" prefix; it is taken off again below.
		prefix := "cpc-"
		if o.Kind == scrutineer.KindAdultProtectionCommittee {
			prefix = "apc-"
		}
		gen.Organisations = append(gen.Organisations, prefix+o.ID)
	}
	if len(gen.Organisations) == 0 {
		return fmt.Errorf("demo repository: the directory has no committees")
	}
	const batch = 100
	for start := 0; start < RepositoryReports; start += batch {
		err := r.WriteTx(ctx, func(tx *sql.Tx) error {
			for i := start; i < min(start+batch, RepositoryReports); i++ {
				d := gen.Doc(i)
				d.ID = fmt.Sprintf("demo-report-%03d", i)
				d.OrganisationID = d.OrganisationID[len("cpc-"):]
				if err := r.Index.Upsert(ctx, tx, d); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("demo repository: %w", err)
		}
	}
	return nil
}
