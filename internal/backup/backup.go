// Package backup writes and restores consistent online backups of Scrutineer: every
// table of the database, read in one snapshot, and the document files those rows
// refer to, in one archive encrypted with age to the service key.
//
// The archive is a gzip-compressed tar stream inside age: header.json first (format,
// engine, schema version, key fingerprint, time), then tables/NAME.jsonl for each
// table in foreign-key order (a line of column names, then a JSON array per row),
// then documents/KEY for each document file (as stored: already encrypted), then
// manifest.json (row counts, SHA-256 of each table's entry, files copied). It is
// the project's own format, the same on both engines, read back only by Restore.
package backup

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"filippo.io/age"

	"github.com/scrutineer/scrutineer/internal/blob"
	"github.com/scrutineer/scrutineer/internal/keys"
	"github.com/scrutineer/scrutineer/internal/store"
)

// Format is the archive format's version, in header.json.
const Format = 1

// Header opens an archive.
type Header struct {
	Format        int       `json:"format"`
	Engine        string    `json:"engine"`
	SchemaVersion int64     `json:"schema_version"`
	KeyFinger     string    `json:"key_fingerprint"`
	Created       time.Time `json:"created"`
}

// Summary is what a backup holds; manifest.json closes the archive with it.
type Summary struct {
	Tables  map[string]int    `json:"tables"`  // rows per table
	Hashes  map[string]string `json:"hashes"`  // SHA-256 of each table's entry
	Files   int               `json:"files"`   // document files copied
	Bytes   int64             `json:"bytes"`   // their size
	Missing []string          `json:"missing"` // files rows refer to that were not found
	Rows    int               `json:"-"`       // all rows
	Took    time.Duration     `json:"-"`
}

// Write writes a backup of db and the document files in docs to w, encrypted to
// the service key k. The database is read in one read-only snapshot (a read
// transaction on SQLite's WAL, REPEATABLE READ on PostgreSQL), so the copy is the
// state at one moment while writers go on. Document files are written before the
// rows naming them are committed (internal/documents), so every file the snapshot
// names already exists when it is copied.
func Write(ctx context.Context, db *store.DB, docs blob.Backend, k *keys.Keys, w io.Writer) (*Summary, error) {
	start := time.Now()
	aw, err := age.Encrypt(w, k.Recipient())
	if err != nil {
		return nil, err
	}
	gz, _ := gzip.NewWriterLevel(aw, gzip.BestSpeed)
	tw := tar.NewWriter(gz)
	tx, err := snapshot(ctx, db)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	version, _, err := db.MigrationState(ctx)
	if err != nil {
		return nil, err
	}
	h := Header{Format: Format, Engine: db.Engine(), SchemaVersion: version, KeyFinger: k.Fingerprint(), Created: time.Now().UTC()}
	if err := writeJSON(tw, "header.json", h); err != nil {
		return nil, err
	}
	list, err := tables(ctx, tx, db.Engine())
	if err != nil {
		return nil, err
	}
	sum := &Summary{Tables: map[string]int{}, Hashes: map[string]string{}}
	refs := map[string]bool{}
	for _, t := range list {
		if err := writeTable(ctx, tx, tw, t, sum, refs); err != nil {
			return nil, fmt.Errorf("backup: table %s: %w", t.Name, err)
		}
	}
	tx.Rollback() // the snapshot is copied: let writers' checkpoints go on
	if err := writeFiles(ctx, docs, tw, refs, sum); err != nil {
		return nil, err
	}
	if err := writeJSON(tw, "manifest.json", sum); err != nil {
		return nil, err
	}
	for _, c := range []io.Closer{tw, gz, aw} {
		if err := c.Close(); err != nil {
			return nil, err
		}
	}
	sum.Took = time.Since(start)
	return sum, nil
}

// snapshot begins the read-only transaction every table is read in.
func snapshot(ctx context.Context, db *store.DB) (*sql.Tx, error) {
	opts := &sql.TxOptions{ReadOnly: true}
	if db.Engine() == store.Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	} else {
		// NOTE: SQLite's read transaction already reads one snapshot (of the WAL),
		// from its first statement to its end; the driver takes no other level,
		// and the reader pool is query_only.
		opts = nil
	}
	tx, err := db.Reader().BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("backup: begin the snapshot: %w", err)
	}
	return tx, nil
}

// writeTable writes one table's rows, noting the document files they name: the
// values of columns called sha256 or ending in _sha256.
func writeTable(ctx context.Context, tx *sql.Tx, tw *tar.Writer, t *table, sum *Summary, refs map[string]bool) error {
	cols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = quote(c)
	}
	rows, err := tx.QueryContext(ctx, "SELECT "+strings.Join(cols, ", ")+" FROM "+quote(t.Name))
	if err != nil {
		return err
	}
	defer rows.Close()
	// NOTE: spooled to an unlinked temporary file, since a tar entry's size comes
	// before its content and a large table must not be held in memory.
	f, err := os.CreateTemp("", "scrutineer-backup-*")
	if err != nil {
		return err
	}
	os.Remove(f.Name())
	defer f.Close()
	h := sha256.New()
	body := bufio.NewWriter(io.MultiWriter(f, h))
	head, _ := json.Marshal(t.Columns)
	body.Write(head)
	body.WriteByte('\n')
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		enc := make([]any, len(vals))
		for i, v := range vals {
			enc[i] = encodeValue(v)
			if c := t.Columns[i]; c == "sha256" || strings.HasSuffix(c, "_sha256") {
				if s, ok := v.(string); ok && s != "" {
					refs[s] = true
				}
			}
		}
		line, err := json.Marshal(enc)
		if err != nil {
			return err
		}
		body.Write(line)
		body.WriteByte('\n')
		n++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if err := body.Flush(); err != nil {
		return err
	}
	size, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		return err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	sum.Tables[t.Name], sum.Hashes[t.Name], sum.Rows = n, hex.EncodeToString(h.Sum(nil)), sum.Rows+n
	return writeEntry(tw, "tables/"+t.Name+".jsonl", size, f)
}

// writeFiles copies the document files the snapshot names, as stored.
func writeFiles(ctx context.Context, docs blob.Backend, tw *tar.Writer, refs map[string]bool, sum *Summary) error {
	names := make([]string, 0, len(refs))
	for r := range refs {
		names = append(names, r)
	}
	sort.Strings(names)
	for _, sha := range names {
		key := fileKey(sha)
		if key == "" {
			continue
		}
		size, err := docs.Stat(ctx, key)
		if err != nil {
			sum.Missing = append(sum.Missing, sha)
			continue
		}
		rc, err := docs.Open(ctx, key)
		if err != nil {
			return err
		}
		err = writeEntry(tw, "documents/"+key, size, rc)
		rc.Close()
		if err != nil {
			return fmt.Errorf("backup: document file %s: %w", sha, err)
		}
		sum.Files++
		sum.Bytes += size
	}
	return nil
}

// fileKey is the blob store's key of content with hex SHA-256 sha ("ab/cdef..."), or
// "" for a value that is no such hash.
func fileKey(sha string) string {
	if len(sha) != 64 || strings.Trim(sha, "0123456789abcdef") != "" {
		return ""
	}
	return sha[:2] + "/" + sha[2:]
}

func writeJSON(tw *tar.Writer, name string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return writeEntry(tw, name, int64(len(b)), strings.NewReader(string(b)))
}

func writeEntry(tw *tar.Writer, name string, size int64, r io.Reader) error {
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: size, ModTime: time.Unix(0, 0), Format: tar.FormatPAX}); err != nil {
		return err
	}
	n, err := io.Copy(tw, r)
	if err == nil && n != size {
		err = fmt.Errorf("%s changed size while copied", name)
	}
	return err
}
