package crashtest

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/scrutineer/scrutineer/internal/blob"
	"github.com/scrutineer/scrutineer/internal/keys"
	"github.com/scrutineer/scrutineer/internal/store"
)

// checkDB reads every acknowledged review and document from the database (the
// server stopped). A review must be in its acknowledged state, or in the state of a
// change sent but never answered; that change is then settled one way or the other.
func (l *ledger) checkDB(ctx context.Context, db *store.DB) (checked int, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	got := map[string]Review{}
	rows, err := db.Reader().QueryContext(ctx, `SELECT id, version, subject_type, sex, age_band FROM learning_reviews`)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var r Review
		var sex, band string
		if err := rows.Scan(&r.ID, &r.Version, &r.SubjectType, &sex, &band); err != nil {
			rows.Close()
			return 0, err
		}
		if sex != "" {
			r.Sex = &sex
		}
		if band != "" {
			r.AgeBand = &band
		}
		got[r.ID] = r
	}
	rows.Close()
	for id, log := range l.reviews {
		r, ok := got[id]
		switch {
		case !ok:
			return checked, fmt.Errorf("acknowledged review %s is missing", id)
		case r.same(log.acked):
		case log.pending != nil && r.same(*log.pending):
			log.acked = r
		default:
			return checked, fmt.Errorf("review %s is at version %d, not its acknowledged version %d", id, r.Version, log.acked.Version)
		}
		log.pending = nil
		checked++
	}
	docs := map[string]bool{}
	rows, err = db.Reader().QueryContext(ctx, `SELECT d.id FROM documents d JOIN document_versions v ON v.document_id = d.id`)
	if err != nil {
		return checked, err
	}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		docs[id] = true
	}
	rows.Close()
	for id := range l.docs {
		if !docs[id] {
			return checked, fmt.Errorf("acknowledged document %s is missing", id)
		}
		checked++
	}
	return checked, nil
}

// checkAPI reads a sample of acknowledged records back through the restarted
// server (the API is rate-limited per token; the database check covers them all).
func (l *ledger) checkAPI(ctx context.Context, c *Client, max int) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for id, log := range l.reviews {
		if n++; n > max {
			break
		}
		got, err := c.Get(ctx, id)
		if err != nil || !got.same(log.acked) {
			return fmt.Errorf("acknowledged review %s through the API: %+v, %v", id, got, err)
		}
	}
	n = 0
	for id := range l.docs {
		if n++; n > max {
			break
		}
		if status, err := c.DocumentStatus(ctx, id); err != nil || status != 200 {
			return fmt.Errorf("acknowledged document %s answers %d: %v", id, status, err)
		}
	}
	return nil
}

// blobReport is what the check of the document store found.
type blobReport struct {
	Files    int // objects under their hash
	Orphans  int // objects no row names: uploads cut off between storing and recording
	Leftover int // temporary files of writes cut off (never read; removed after an hour)
}

// checkBlobs compares the document store with the database: every file a row names
// exists and decrypts to its hash; every object is named by a row, or is the content
// of an upload that was never acknowledged.
func (l *ledger) checkBlobs(ctx context.Context, db *store.DB, dir string, k *keys.Keys) (blobReport, error) {
	var rep blobReport
	named := map[string]bool{}
	rows, err := db.Reader().QueryContext(ctx, `SELECT sha256 FROM document_versions UNION SELECT text_sha256 FROM document_versions WHERE text_sha256 <> ''`)
	if err != nil {
		return rep, err
	}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		named[s] = true
	}
	rows.Close()
	fsys, err := blob.NewFS(dir)
	if err != nil {
		return rep, err
	}
	defer fsys.Close()
	st := blob.New(fsys, k)
	for sha := range named {
		rc, err := st.Open(ctx, sha)
		if err == nil {
			_, err = io.Copy(io.Discard, rc)
			rc.Close()
		}
		if err != nil {
			return rep, fmt.Errorf("document file %s named by the database: %w", sha, err)
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(filepath.Base(rel), ".tmp-") || strings.HasPrefix(rel, "incoming/") {
			rep.Leftover++
			return nil
		}
		sha := strings.Replace(rel, "/", "", 1)
		switch {
		case named[sha]:
			rep.Files++
		case l.attempts[sha]:
			rep.Orphans++
		default:
			return fmt.Errorf("file %s in the document store is named by no row and was never uploaded", rel)
		}
		return nil
	})
	return rep, err
}
