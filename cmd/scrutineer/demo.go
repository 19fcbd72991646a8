package main

import (
	"context"
	"fmt"
	"io"

	"github.com/scrutineer/scrutineer/internal/config"
	"github.com/scrutineer/scrutineer/internal/demo"
	"github.com/scrutineer/scrutineer/internal/generate"
)

// seedDemo creates the demo data, or tops it up: running it twice changes nothing.
func seedDemo(ctx context.Context, svc *services) ([]demo.Account, error) {
	accounts, err := demo.Seed(ctx, demo.Stores{Users: svc.users, Organisations: svc.organisations, Emails: svc.jobs, TwoFactor: svc.login, Audit: svc.audit})
	if err == nil && svc.documents != nil {
		// One sent document and one with findings for the Glasgow committee.
		err = demo.SeedDocuments(ctx, demo.Documents{Service: svc.documents, Check: svc.extractDocument, Users: svc.users})
	}
	if err == nil && svc.publications != nil {
		// Published national overview reports, inspection reports and letters (publications.go).
		err = demo.SeedPublications(ctx, demo.Publications{Service: svc.publications, Organisations: svc.organisations, Users: svc.users})
	}
	if err == nil {
		// Generated learning reviews in every state, with their reports in the
		// search index and a few as real documents (internal/generate).
		r := demo.Reviews{DB: svc.db, Index: svc.search, Users: svc.users}
		if svc.documents != nil {
			r.Documents = &generate.Documents{Service: svc.documents, Check: svc.extractDocument}
		}
		_, err = demo.SeedReviews(ctx, r)
	}
	return accounts, err
}

// printDemo tells the person who ran make run how to sign in.
func printDemo(w io.Writer, cfg *config.Config, accounts []demo.Account) {
	fmt.Fprintf(w, "\nScrutineer demo is running at %s\n\n", cfg.PublicURL())
	fmt.Fprintf(w, "Sign in at %s/login with any of these accounts (password %s):\n\n", cfg.PublicURL(), demo.Password)
	for _, a := range accounts {
		fmt.Fprintf(w, "  %-45s %-18s %s\n", a.Email, a.Role.Label(), a.OrganisationName)
	}
	printDemoTOTP(w, accounts)
	fmt.Fprintf(w, "\nPress Ctrl+C to stop.\n\n")
}
