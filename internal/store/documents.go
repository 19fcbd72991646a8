package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// Documents keeps the secure document exchange: documents, their versions and the
// personal-data findings in each version. The files themselves live in the blob
// store; this store keeps their SHA-256 names. See
// docs/decisions/0090-documents-exchange.md.
type Documents struct {
	db   *DB
	jobs *Jobs
}

// NewDocuments returns the documents store. jobs is the outbox its uploads queue
// extraction on (share the process's one, so its pool wakes at once).
func NewDocuments(db *DB, jobs *Jobs) *Documents { return &Documents{db: db, jobs: jobs} }

// NewVersion is a checked file already put in the blob store, to be recorded as a
// document's next version (or the first version of a new document).
type NewVersion struct {
	Upload *scrutineer.DocumentUpload // DocumentID, or OwnerType, OwnerID, Kind, Title
	SHA256 string
	Size   int64
	Format string
}

// AddVersion records nv as a new document of the caller's organisation (when
// nv.Upload.DocumentID is empty) or as the next version of that document, and queues
// its extraction in the same transaction. A file identical to one of the document's
// versions is not recorded again: the result says Duplicate and names that version.
// Callers: the organisation's committee officers and area contacts
// (auth.EditDocument), or the service. EINVALID for bad details, ENOTFOUND for a
// document the caller may not edit, ECONFLICT once it has been sent.
func (s *Documents) AddVersion(ctx context.Context, nv *NewVersion) (*scrutineer.DocumentUploadResult, error) {
	in := nv.Upload
	u := scrutineer.UserFromContext(ctx)
	if u == nil {
		return nil, scrutineer.Errorf(scrutineer.EUNAUTHORISED, "Sign in to continue.")
	}
	res := &scrutineer.DocumentUploadResult{}
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		doc, err := s.docForUpload(ctx, tx, in, u)
		if err != nil {
			return err
		}
		res.Document = doc
		if doc.ID != "" {
			if v, err := s.versionBySHA(ctx, tx, doc.ID, nv.SHA256); err != nil || v != nil {
				res.Version, res.Duplicate = v, v != nil
				return err
			}
		} else if err := s.insertDocument(ctx, tx, doc); err != nil {
			return err
		}
		v := &scrutineer.DocumentVersion{
			ID: NewID(), DocumentID: doc.ID, Filename: cleanFilename(in.Filename), SHA256: nv.SHA256, Size: nv.Size,
			Format: nv.Format, UploadedBy: u.ID, UploadedAt: s.db.Now(),
			Extraction: scrutineer.ExtractionQueued, Check: scrutineer.CheckPending,
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM document_versions WHERE document_id = $1`, doc.ID).Scan(&v.Number); err != nil {
			return fmt.Errorf("next version: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO document_versions (id, document_id, number, filename, sha256, size, format, uploaded_by, uploaded_at, extraction, check_status)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			v.ID, v.DocumentID, v.Number, v.Filename, v.SHA256, v.Size, v.Format, v.UploadedBy, Time{v.UploadedAt}, string(v.Extraction), string(v.Check)); err != nil {
			return fmt.Errorf("insert version: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET updated_at = $1 WHERE id = $2`, Time{v.UploadedAt}, doc.ID); err != nil {
			return fmt.Errorf("touch document: %w", err)
		}
		payload, _ := json.Marshal(scrutineer.DocumentJobPayload{VersionID: v.ID})
		if err := s.jobs.EnqueueTx(ctx, tx, &scrutineer.Job{Kind: scrutineer.JobExtractDocument, Payload: payload}); err != nil {
			return err
		}
		res.Version = v
		return s.audit(ctx, tx, "document.upload", doc, fmt.Sprintf("Version %d uploaded: %s, %d bytes.", v.Number, v.Format, v.Size))
	})
	if err != nil {
		return nil, err
	}
	if !res.Duplicate {
		s.jobs.wake()
	}
	return res, nil
}

// docForUpload authorises the upload and returns the document it adds to: the
// existing one, or a new one (without ID until inserted) of the caller's organisation.
func (s *Documents) docForUpload(ctx context.Context, tx *sql.Tx, in *scrutineer.DocumentUpload, u *scrutineer.User) (*scrutineer.Document, error) {
	if in.DocumentID == "" {
		if err := auth.Authorise(ctx, auth.EditDocument, auth.Resource{OrganisationID: u.OrganisationID}); err != nil {
			return nil, err
		}
		if err := in.ValidateDetails(); err != nil {
			return nil, err
		}
		now := s.db.Now()
		return &scrutineer.Document{
			OrganisationID: u.OrganisationID, OwnerType: in.OwnerType, OwnerID: in.OwnerID, Kind: in.Kind,
			AnonymisedExpected: in.Kind.AnonymisedExpected(), Title: in.Title, Status: scrutineer.DocumentDraft,
			CreatedBy: u.ID, CreatedAt: now, UpdatedAt: now,
		}, nil
	}
	doc, err := s.editable(ctx, tx, in.DocumentID)
	if err != nil {
		return nil, err
	}
	return doc, nil
}

// editable loads a document inside tx, locked, for a change by its organisation:
// ENOTFOUND when the caller may not edit it, ECONFLICT when it has been sent.
func (s *Documents) editable(ctx context.Context, tx *sql.Tx, id string) (*scrutineer.Document, error) {
	doc, err := scanDocument(tx.QueryRowContext(ctx, `SELECT `+documentColumns+` FROM documents d WHERE d.id = $1`+s.db.forUpdate(), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	if err != nil {
		return nil, fmt.Errorf("find document: %w", err)
	}
	if err := auth.Authorise(ctx, auth.EditDocument, auth.Resource{OrganisationID: doc.OrganisationID}); err != nil {
		return nil, err
	}
	if doc.Status == scrutineer.DocumentSent {
		return nil, scrutineer.Errorf(scrutineer.ECONFLICT, "This document has been sent to the regulator, so it cannot be changed. Start a new document instead.")
	}
	return doc, nil
}

func (s *Documents) insertDocument(ctx context.Context, tx *sql.Tx, d *scrutineer.Document) error {
	d.ID = NewID()
	_, err := tx.ExecContext(ctx, `INSERT INTO documents (id, organisation_id, owner_type, owner_id, kind, anonymised, title, status, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
		d.ID, d.OrganisationID, d.OwnerType, d.OwnerID, string(d.Kind), d.AnonymisedExpected, d.Title, string(d.Status), d.CreatedBy, Time{d.CreatedAt})
	if err != nil {
		return fmt.Errorf("insert document: %w", err)
	}
	return nil
}

// versionBySHA returns the document's version with that content, or nil.
func (s *Documents) versionBySHA(ctx context.Context, tx *sql.Tx, docID, sha string) (*scrutineer.DocumentVersion, error) {
	v, err := scanVersion(tx.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM document_versions v LEFT JOIN users u ON u.id = v.uploaded_by
		WHERE v.document_id = $1 AND v.sha256 = $2 ORDER BY v.number DESC LIMIT 1`, docID, sha))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("find version by content: %w", err)
	}
	return v, nil
}

// audit records a change to a document in tx. Details name numbers and codes, never
// titles, file names or text, which may hold personal data.
func (s *Documents) audit(ctx context.Context, tx *sql.Tx, action string, d *scrutineer.Document, detail string) error {
	return NewAudit(s.db).RecordTx(ctx, tx, &scrutineer.AuditEntry{
		Action: action, TargetType: "document", TargetID: d.ID, OrganisationID: d.OrganisationID, Detail: detail,
	})
}

// cleanFilename keeps the last element of a client's file name, without control
// characters, at most 200 characters; browsers on Windows may send a whole path.
func cleanFilename(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, strings.ToValidUTF8(name, ""))
	if utf8.RuneCountInString(name) > 200 {
		name = string([]rune(name)[:200])
	}
	if strings.TrimSpace(name) == "" {
		name = "document"
	}
	return name
}
