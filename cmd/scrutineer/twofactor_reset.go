package main

import (
	"github.com/scrutineer/scrutineer/internal/config"
	"github.com/scrutineer/scrutineer/internal/store"
)

// twoFactorResets is the store with which administrators reset a person's second
// factor; its email links to the service's public address, and it shares the one jobs
// store so the email goes out at once.
func (s *services) twoFactorResets(cfg *config.Config) *store.TwoFactorResets {
	return store.NewTwoFactorResets(s.db, s.jobs, cfg.PublicURL())
}
