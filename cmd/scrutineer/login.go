package main

import (
	"context"
	"log/slog"

	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/config"
	"github.com/scrutineer/scrutineer/internal/keys"
	"github.com/scrutineer/scrutineer/internal/web"
)

// loadServiceKey loads the service key (SCRUTINEER_KEY, or the data folder's key
// file, made on first start) once for the process: it seals sign-in secrets and
// encrypts documents.
func loadServiceKey(cfg *config.Config, log *slog.Logger) (*keys.Keys, error) {
	k, err := keys.Load(cfg.Key, cfg.DataDir)
	if err != nil {
		return nil, usageErr("%v", err)
	}
	if cfg.Key == "" && cfg.Engine() == "postgres" {
		log.Warn("the service key is kept in the data folder: processes sharing PostgreSQL must all be given the same SCRUTINEER_KEY (see docs/operations.md)")
	}
	log.Info("service key", "source", k.Source, "fingerprint", k.Fingerprint()[:12])
	return k, nil
}

// newOIDC returns single sign-on when SCRUTINEER_OIDC_ISSUER is set, else nil.
func newOIDC(cfg *config.Config) web.OIDCProvider {
	if o := auth.NewOIDC(cfg.OIDCIssuer, cfg.OIDCClient, cfg.OIDCSecret, cfg.PublicURL()+"/login/oidc/callback"); o != nil {
		return o
	}
	return nil
}

// checkServiceKey refuses to go on with a service key other than the one the
// database's secrets were sealed with. It waits for the schema to be current.
func checkServiceKey(ctx context.Context, svc *services) error {
	if current, target, err := svc.db.MigrationState(ctx); err != nil || current != target {
		return err
	}
	if err := svc.login.CheckServiceKey(ctx); err != nil {
		return usageErr("%v", err)
	}
	return nil
}
