package main

import (
	"context"

	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/directory"
	"github.com/scrutineer/scrutineer/internal/store"
)

// syncReferenceData adds the reference data every installation needs (the
// organisation directory, the appraisal checklist, the theme vocabulary and the
// service levels) without overwriting later edits.
func syncReferenceData(ctx context.Context, db *store.DB) error {
	if _, err := directory.Sync(auth.SystemContext(ctx), store.NewOrganisations(db)); err != nil {
		return err
	}
	if _, err := store.SyncAppraisalCriteria(auth.SystemContext(ctx), db); err != nil {
		return err
	}
	return syncReviewSettings(ctx, db) // themes.go: theme vocabulary, service levels
}
