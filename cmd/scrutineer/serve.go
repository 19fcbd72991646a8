package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/config"
	"github.com/scrutineer/scrutineer/internal/jobs"
	"github.com/scrutineer/scrutineer/internal/stats"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/web"
)

// serveCmd runs the server until ctx is cancelled. With demo set, it first seeds the
// demo data and prints the demo accounts.
func serveCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, demo bool) error {
	name := "serve"
	if demo {
		name = "demo"
	}
	f, err := parseFlags(name, args, true)
	if err != nil {
		return err
	}
	if demo && getenv("SCRUTINEER_LOG_FORMAT") == "" {
		getenv = withDefault(getenv, "SCRUTINEER_LOG_FORMAT", "text")
	}
	cfg, err := loadConfig(getenv, f)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	mailer, err := jobs.NewMailer(cfg.SMTPURL)
	if err != nil {
		return usageErr("SCRUTINEER_SMTP_URL: %v", err)
	}

	// Listen first: a port in use must fail before anything is created on disk.
	ln, err := listen(cfg.Addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	var adminLn net.Listener
	if cfg.AdminAddr != "off" {
		if adminLn, err = listen(cfg.AdminAddr); err != nil {
			return err
		}
		defer adminLn.Close()
	}

	db, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	svc, err := newServices(db, log, reg, cfg.Workers, mailer)
	if err != nil {
		return err
	}
	svc.wireReviewWork(cfg)
	key, err := loadServiceKey(cfg, log)
	if err != nil {
		return err
	}
	svc.login = store.NewLogin(db, key)
	closeDocs, err := svc.openDocuments(cfg, key, log)
	if err != nil {
		return err
	}
	defer closeDocs()
	if err := svc.openPublications(cfg, key); err != nil {
		return err
	}
	srv, err := newServer(cfg, svc, log, reg)
	if err != nil {
		return err
	}

	// Serve before migrating: /healthz answers and /readyz says 503 until the schema
	// is current, so a load balancer holds traffic back meanwhile.
	running := startServers(log, ln, adminLn, srv, reg)
	log.Info("serving", "addr", ln.Addr().String(), "engine", cfg.Engine())
	log.Info("email", "delivery", mailer.String())
	err = prepare(ctx, cfg, svc, log, stdout, demo)
	if err == nil {
		// The jobs table exists only once migrations have run.
		err = svc.pool.Start(ctx)
	}
	if err == nil {
		srv.SetStarted()
		select {
		case <-ctx.Done():
			log.Info("shutting down: finishing requests in flight")
		case err = <-running.errc:
			log.Error("server stopped", "error", err.Error())
		}
	}
	running.stop(ctx, cfg.ShutdownWait)
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownWait)
	defer cancel()
	if stopErr := svc.pool.Stop(stopCtx); stopErr != nil {
		log.Warn("background jobs did not stop in time; they will run again", "error", stopErr.Error())
	}
	log.Info("stopped")
	return err
}

// prepare migrates (unless SCRUTINEER_AUTO_MIGRATE=off) and, for the demo, seeds.
func prepare(ctx context.Context, cfg *config.Config, svc *services, log *slog.Logger, stdout io.Writer, demo bool) error {
	db := svc.db
	if cfg.AutoMigrate || demo {
		if err := migrate(ctx, db, log); err != nil {
			return err
		}
	} else if current, target, err := db.MigrationState(ctx); err == nil && current != target {
		log.Warn("migrations are behind: run scrutineer migrate; /readyz answers 503 until then", "schema_version", current, "expected", target)
	}
	if err := checkServiceKey(ctx, svc); err != nil {
		return err
	}
	if demo {
		accounts, err := seedDemo(auth.SystemContext(ctx), svc)
		if err != nil {
			return fmt.Errorf("seeding the demo data: %w", err)
		}
		printDemo(stdout, cfg, accounts)
	}
	return nil
}

// newServer builds the web server on the services.
func newServer(cfg *config.Config, svc *services, log *slog.Logger, reg prometheus.Registerer) (*web.Server, error) {
	return web.New(web.Deps{
		Logger:        log,
		Readiness:     svc.db,
		Users:         svc.users,
		Sessions:      svc.sessions,
		Organisations: svc.organisations,
		Jobs:          svc.jobs,
		Tokens:        svc.apiTokens,
		Accounts:      svc.users,
		SessionLists:  svc.sessions,
		Invitations:   svc.invitations(cfg),
		Passwords:     svc.passwords(cfg),
		Login:         svc.login,
		OIDC:          newOIDC(cfg),
		Audit:         svc.audit,
		SecureCookies: strings.HasPrefix(cfg.PublicURL(), "https://"),
		Version:       version,
		Metrics:       web.NewMetrics(reg),
		Search:        svc.search,
		Documents:     svc.documents,
		MaxUpload:     cfg.MaxUpload,

		LearningReviews: svc.learningReviews,
		ReviewRegulator: svc.reviewRegulator,
		ReviewMessages:  svc.reviewMessages,
		Themes:          svc.themes,          // themes.go
		Deadlines:       svc.deadlines,       // themes.go
		Repository:      svc.learningReviews, // learning_reviews_repository.go

		// The publications site and the report builder (publications*.go, reports*.go).
		Publications: svc.publications, Reports: svc.publications, BaseURL: cfg.PublicURL(),
		// National statistics (statistics*.go); public output under disclosure.Public().
		// A period's report is read once a minute at most and shared (decision 0132).
		Statistics: stats.New(svc.db.Reader()).Cached(time.Minute),

		// Administrators reset a person's second factor (admin_users_twofactor.go).
		TwoFactorResets: svc.twoFactorResets(cfg),
	})
}

// servers are the running HTTP servers of one process.
type servers struct {
	list []*http.Server
	errc chan error
}

// startServers serves the public handler on ln and, when adminLn is set, the
// Prometheus metrics on the admin listener.
func startServers(log *slog.Logger, ln, adminLn net.Listener, h http.Handler, reg *prometheus.Registry) *servers {
	s := &servers{errc: make(chan error, 2)}
	public := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	s.serve(public, ln)
	if adminLn != nil {
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
		s.serve(&http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}, adminLn)
	}
	return s
}

func (s *servers) serve(srv *http.Server, ln net.Listener) {
	s.list = append(s.list, srv)
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.errc <- err
		}
	}()
}

// stop stops accepting connections and waits up to wait for requests in flight.
func (s *servers) stop(ctx context.Context, wait time.Duration) {
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), wait)
	defer cancel()
	for _, srv := range s.list {
		if err := srv.Shutdown(shutdownCtx); err != nil {
			srv.Close()
		}
	}
}

// listen opens a TCP listener with a one-line error people can act on.
func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return nil, usageErr("cannot listen on %s: the address is already in use", addr)
		}
		if errors.Is(err, syscall.EACCES) {
			return nil, usageErr("cannot listen on %s: permission denied", addr)
		}
		return nil, usageErr("cannot listen on %s: %v", addr, errors.Unwrap(err))
	}
	return ln, nil
}

// withDefault returns a getenv that answers def for name when it is unset.
func withDefault(getenv func(string) string, name, def string) func(string) string {
	return func(k string) string {
		if v := getenv(k); v != "" || k != name {
			return v
		}
		return def
	}
}
