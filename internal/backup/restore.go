package backup

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"filippo.io/age"

	"github.com/scrutineer/scrutineer/internal/blob"
	"github.com/scrutineer/scrutineer/internal/keys"
	"github.com/scrutineer/scrutineer/internal/store"
)

// ErrNotEmpty is returned by Restore for a database that already holds records.
var ErrNotEmpty = errors.New("backup: the target database is not empty")

// Restore reads a backup written by Write from r, decrypting it with k, into db (an
// empty database of the same engine, migrated to the backup's schema version) and
// docs. The rows go in one transaction, committed only when every table's count
// and hash match the manifest; document files are written as they come.
func Restore(ctx context.Context, db *store.DB, docs blob.Backend, k *keys.Keys, r io.Reader) (*Header, *Summary, error) {
	ar, err := age.Decrypt(r, k.Identity())
	if err != nil {
		return nil, nil, fmt.Errorf("backup: the archive does not open with this service key (it opens only with the key of the service it was made on): %w", err)
	}
	gz, err := gzip.NewReader(ar)
	if err != nil {
		return nil, nil, fmt.Errorf("backup: not a Scrutineer backup: %w", err)
	}
	tr := tar.NewReader(gz)
	var h Header
	if err := readJSON(tr, "header.json", &h); err != nil {
		return nil, nil, err
	}
	if err := checkHeader(ctx, db, &h); err != nil {
		return nil, nil, err
	}
	got := &Summary{Tables: map[string]int{}, Hashes: map[string]string{}}
	var want Summary
	err = db.WriteTx(ctx, func(tx *sql.Tx) error {
		list, err := emptyTables(ctx, tx, db.Engine())
		if err != nil {
			return err
		}
		byName := map[string]*table{}
		for _, t := range list {
			byName[t.Name] = t
		}
		for {
			hd, err := tr.Next()
			if err != nil {
				return fmt.Errorf("backup: the archive ends early: %w", err)
			}
			switch {
			case strings.HasPrefix(hd.Name, "tables/"):
				name := strings.TrimSuffix(strings.TrimPrefix(hd.Name, "tables/"), ".jsonl")
				if byName[name] == nil {
					return fmt.Errorf("backup: the archive has table %s, which this database does not", name)
				}
				if err := restoreTable(ctx, tx, byName[name], tr, got); err != nil {
					return err
				}
			case strings.HasPrefix(hd.Name, "documents/"):
				if err := docs.Put(ctx, strings.TrimPrefix(hd.Name, "documents/"), tr); err != nil {
					return fmt.Errorf("backup: restoring document file %s: %w", hd.Name, err)
				}
				got.Files++
				got.Bytes += hd.Size
			case hd.Name == "manifest.json":
				if err := json.NewDecoder(tr).Decode(&want); err != nil {
					return fmt.Errorf("backup: reading the manifest: %w", err)
				}
				return compare(&want, got)
			default:
				return fmt.Errorf("backup: unexpected entry %q in the archive", hd.Name)
			}
		}
	})
	if err != nil {
		return nil, nil, err
	}
	got.Missing = want.Missing
	return &h, got, nil
}

// checkHeader refuses an archive of another format, engine or schema version.
func checkHeader(ctx context.Context, db *store.DB, h *Header) error {
	if h.Format != Format {
		return fmt.Errorf("backup: archive format %d; this version of Scrutineer reads format %d", h.Format, Format)
	}
	if h.Engine != db.Engine() {
		return fmt.Errorf("backup: the backup is of a %s database; restore it into %s", h.Engine, h.Engine)
	}
	_, target, err := db.MigrationState(ctx)
	if err != nil {
		return err
	}
	if h.SchemaVersion != target {
		return fmt.Errorf("backup: the backup is at schema version %d and this version of Scrutineer expects %d: restore with the version that made it, then upgrade", h.SchemaVersion, target)
	}
	return nil
}

// emptyTables checks the target holds no records, then clears what migrations put
// in (the audit chain's starting head), so the backup's rows replace it.
func emptyTables(ctx context.Context, tx *sql.Tx, engine string) ([]*table, error) {
	list, err := tables(ctx, tx, engine)
	if err != nil {
		return nil, err
	}
	for i := len(list) - 1; i >= 0; i-- {
		t := list[i]
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+quote(t.Name)).Scan(&n); err != nil {
			return nil, err
		}
		if n == 0 {
			continue
		}
		if t.Name != "audit_head" {
			return nil, fmt.Errorf("%w: table %s has %d rows", ErrNotEmpty, t.Name, n)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+quote(t.Name)); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// restoreTable inserts one table's rows; columns referring to the table itself are
// filled in after all its rows are in.
func restoreTable(ctx context.Context, tx *sql.Tx, t *table, r io.Reader, got *Summary) error {
	name, self := t.Name, t.selfRefs
	h := sha256.New()
	sc := bufio.NewScanner(io.TeeReader(r, h))
	sc.Buffer(make([]byte, 64<<10), 256<<20)
	if !sc.Scan() {
		return fmt.Errorf("backup: table %s has no header", name)
	}
	var cols []string
	if err := json.Unmarshal(sc.Bytes(), &cols); err != nil || len(cols) == 0 {
		return fmt.Errorf("backup: table %s: bad header", name)
	}
	qcols, marks := make([]string, len(cols)), make([]string, len(cols))
	for i, c := range cols {
		qcols[i], marks[i] = quote(c), fmt.Sprintf("$%d", i+1)
	}
	insert, err := tx.PrepareContext(ctx, "INSERT INTO "+quote(name)+" ("+strings.Join(qcols, ", ")+") VALUES ("+strings.Join(marks, ", ")+")")
	if err != nil {
		return fmt.Errorf("backup: table %s: %w", name, err)
	}
	defer insert.Close()
	var later [][]any // rows whose self-references are set once all rows are in
	n := 0
	for sc.Scan() {
		vals, err := decodeRow(sc.Bytes(), len(cols))
		if err != nil {
			return fmt.Errorf("backup: table %s row %d: %w", name, n+1, err)
		}
		if fix := deferSelfRefs(cols, vals, self); fix != nil {
			later = append(later, fix)
		}
		if _, err := insert.ExecContext(ctx, vals...); err != nil {
			return fmt.Errorf("backup: table %s row %d: %w", name, n+1, err)
		}
		n++
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("backup: table %s: %w", name, err)
	}
	if err := setSelfRefs(ctx, tx, name, cols, self, later); err != nil {
		return err
	}
	got.Tables[name], got.Hashes[name], got.Rows = n, hex.EncodeToString(h.Sum(nil)), got.Rows+n
	return nil
}

// compare checks what was restored against the manifest.
func compare(want, got *Summary) error {
	if len(want.Tables) != len(got.Tables) || want.Files != got.Files {
		return fmt.Errorf("backup: the archive holds %d tables and %d files; the manifest says %d and %d", len(got.Tables), got.Files, len(want.Tables), want.Files)
	}
	for name, n := range want.Tables {
		if got.Tables[name] != n || got.Hashes[name] != want.Hashes[name] {
			return fmt.Errorf("backup: table %s does not match the manifest (%d rows read, %d listed): the archive is damaged", name, got.Tables[name], n)
		}
	}
	return nil
}

func readJSON(tr *tar.Reader, name string, v any) error {
	hd, err := tr.Next()
	if err != nil || hd.Name != name {
		return fmt.Errorf("backup: not a Scrutineer backup (no %s)", name)
	}
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, io.LimitReader(tr, 1<<20)); err != nil {
		return err
	}
	return json.Unmarshal(buf.Bytes(), v)
}
