package main

import (
	"github.com/scrutineer/scrutineer/internal/config"
	"github.com/scrutineer/scrutineer/internal/keys"
	"github.com/scrutineer/scrutineer/internal/publications"
	"github.com/scrutineer/scrutineer/internal/stats"
)

// openPublications builds the publications site and the report builder on the same
// encrypted blob store as the documents (same folder, same service key, so backups
// and key rotation cover published files too) and on the statistics engine.
func (s *services) openPublications(cfg *config.Config, key *keys.Keys) error {
	blobs, err := newBlobStore(cfg, key)
	if err != nil {
		return err
	}
	s.publications = publications.New(s.db, blobs, publications.StatsSource{Source: stats.New(s.db.Reader())}, cfg.MaxUpload)
	return nil
}
