package web

import (
	"context"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/blob"
	"github.com/scrutineer/scrutineer/internal/documents"
	"github.com/scrutineer/scrutineer/internal/keys"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// isolationDocs is a document of another organisation (Fife's adult protection
// committee) for the isolation matrix: sent, so regulator staff may read it, with
// one finding.
type isolationDocs struct {
	service *documents.Service
	org     string // the owning organisation's ID
	doc     string
	finding string
}

// newIsolationDocs uploads and sends a Fife document through the real service.
func newIsolationDocs(t *testing.T, db *store.DB) isolationDocs {
	t.Helper()
	ctx := auth.SystemContext(context.Background())
	org, err := store.NewOrganisations(db).FindOrganisationBySlug(ctx, "fife-apc")
	if err != nil {
		t.Fatal(err)
	}
	owner := testutil.MustCreateUser(t, db, "fife.officer@example.org", org, scrutineer.RoleCommitteeOfficer)
	fs, err := blob.NewFS(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	st := store.NewDocuments(db, store.NewJobs(db))
	svc := documents.New(st, blob.New(fs, keys.Generate()), nil, nil, documents.Options{})
	octx := scrutineer.NewContextWithUser(context.Background(), owner)
	res, err := svc.UploadDocument(octx, &scrutineer.DocumentUpload{
		Kind: scrutineer.DocPositionStatement, Title: "Position statement", Filename: "statement.txt",
		Body: strings.NewReader("Our services for adults at risk improved this year.\n"),
	})
	if err != nil {
		t.Fatal(err)
	}
	// The check's result is saved directly: this world has no extractor.
	if err := st.SaveCheck(ctx, res.Version.ID, "", 1, []store.FoundItem{{Kind: "person_name", Start: 0, End: 3}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := svc.SendDocument(octx, res.Document.ID); err != nil {
		t.Fatal(err)
	}
	d, err := st.FindDocumentByID(ctx, res.Document.ID)
	if err != nil {
		t.Fatal(err)
	}
	return isolationDocs{service: svc, org: org.ID, doc: d.ID, finding: d.Latest().Findings[0].ID}
}
