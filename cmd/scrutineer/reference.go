package main

import (
	"context"

	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/directory"
	"github.com/scrutineer/scrutineer/internal/store"
)

// syncReferenceData adds the reference data every installation needs (the
// organisation directory) without overwriting later edits.
func syncReferenceData(ctx context.Context, db *store.DB) error {
	_, err := directory.Sync(auth.SystemContext(ctx), store.NewOrganisations(db))
	return err
}
