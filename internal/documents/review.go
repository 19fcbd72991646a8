package documents

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/search"
)

// What learning reviews need of the exchange (docs/decisions/0103-learning-review-outcome.md):
// a check whose result the upload can answer at once, and the index update when a
// review's outcome sends its documents.

// CheckNow reads and checks a version at once, as its queued job would, and returns
// the version as it then is. ctx bounds the work: when it ends first, the version is
// left to its job, which finishes the check in the background (the answer's Check is
// then still pending). The job that was queued with the upload finds the version
// finished and stops. Without an extractor nothing is read here.
func (s *Service) CheckNow(ctx context.Context, docID string) (*scrutineer.Document, error) {
	d, err := s.store.Editable(ctx, docID)
	if err != nil {
		return nil, err
	}
	v := d.Latest()
	if s.extractor != nil && v != nil && !v.Extraction.Finished() {
		payload, _ := json.Marshal(scrutineer.DocumentJobPayload{VersionID: v.ID})
		// NOTE: run as the service, as the job is: saving progress is the job
		// runner's right, not the uploader's. The error of a run cut short is the
		// job's to retry; the caller reads the state below.
		if err := s.extractJob(auth.SystemContext(ctx), &scrutineer.Job{Kind: scrutineer.JobExtractDocument, Payload: payload}); err != nil && ctx.Err() == nil {
			s.log.Warn("document check at upload failed; its job will try again", "version_id", v.ID, "error", err.Error())
		}
	}
	// NOTE: read with a fresh context, so a deadline that cut the check short does
	// not also lose the answer.
	return s.EditableDocument(context.WithoutCancel(ctx), docID)
}

// IndexSent puts a document sent to the regulator in the search index, in tx, with
// the text of the version sent. It is SendDocument's index step, for stores that
// send documents in a transaction of their own (store.LearningReviews.OnDocumentSent).
func (s *Service) IndexSent(ctx context.Context, tx *sql.Tx, d *scrutineer.Document, v *scrutineer.DocumentVersion) error {
	if s.index == nil || v == nil || v.TextSHA256 == "" {
		return nil
	}
	text, err := s.readText(ctx, v.TextSHA256)
	if err != nil {
		return err
	}
	return s.index.Upsert(ctx, tx, search.Doc{
		ID: d.ID, OrganisationID: d.OrganisationID, Kind: string(d.Kind), Year: d.SentAt.Year(), Title: d.Title, Text: text,
	})
}
