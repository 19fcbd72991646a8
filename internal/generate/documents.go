package generate

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/search/searchtest"
)

// Documents is what uploading the sample of real documents needs: the exchange and
// the job that checks an upload, run at once (as the demo does).
type Documents struct {
	Service scrutineer.DocumentService
	Check   func(ctx context.Context, job *scrutineer.Job) error
}

// uploadSample uploads the reports of Size.Documents reviews, spread over the list,
// as text documents of their reviews through the exchange (encrypted in the blob
// store, checked, sent, and so indexed under the document's id), and returns the
// specs still to index. A report the check holds back (a finding) stays a
// generated text. ctx must be a system context.
func (run *Run) uploadSample(ctx context.Context, specs []searchtest.Spec) ([]searchtest.Spec, error) {
	d, n := run.Config.Documents, run.Config.Size.Documents
	if d == nil || n == 0 {
		return specs, nil
	}
	var reports []int
	for k, s := range specs {
		if s.Kind == search.KindLearningReviewReport && ReviewOfText(s.ID) == s.ID {
			reports = append(reports, k)
		}
	}
	if len(reports) == 0 {
		return specs, nil
	}
	byID := map[string]*Review{}
	for _, rv := range run.Reviews {
		byID[rv.R.ID] = rv
	}
	gen := searchtest.New(run.Config.Seed)
	uploaded := map[int]bool{}
	for j := range min(n, len(reports)) {
		k := reports[j*len(reports)/min(n, len(reports))]
		s := specs[k]
		rv := byID[s.ID]
		doc := gen.Make(k, s)
		u := &scrutineer.User{ID: run.Staff.Officers[rv.Committee.ID], OrganisationID: rv.Committee.ID, Roles: []scrutineer.Role{scrutineer.RoleCommitteeOfficer}, Active: true}
		sent, err := d.upload(ctx, scrutineer.NewContextWithUser(ctx, u), rv.R.ID, doc)
		if err != nil {
			return nil, fmt.Errorf("document of review %s: %w", rv.R.ID, err)
		}
		if sent {
			uploaded[k] = true
			run.Fingerprint("document", rv.R.ID, fmt.Sprintf("%x", sha256.Sum256([]byte(doc.Text))))
			run.Count("documents", 1)
		}
	}
	var out []searchtest.Spec
	for k, s := range specs {
		if !uploaded[k] {
			out = append(out, s)
		}
	}
	return out, nil
}

// upload uploads doc's text as a report of review id, checks it and sends it;
// false when the check found something and it was not sent.
func (d *Documents) upload(ctx, uctx context.Context, reviewID string, doc search.Doc) (bool, error) {
	res, err := d.Service.UploadDocument(uctx, &scrutineer.DocumentUpload{OwnerType: scrutineer.OwnerLearningReview, OwnerID: reviewID,
		Kind: scrutineer.DocReport, Title: doc.Title, Filename: "learning-review-report.txt", Body: strings.NewReader(doc.Text)})
	if err != nil {
		return false, err
	}
	payload, _ := json.Marshal(scrutineer.DocumentJobPayload{VersionID: res.Version.ID})
	if err := d.Check(ctx, &scrutineer.Job{Kind: scrutineer.JobExtractDocument, Payload: payload}); err != nil {
		return false, err
	}
	if err := d.Service.SendDocument(uctx, res.Document.ID); err != nil {
		if scrutineer.ErrorCode(err) == scrutineer.ECONFLICT {
			return false, nil
		}
		return false, err
	}
	return true, nil
}
