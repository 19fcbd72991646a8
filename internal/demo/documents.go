package demo

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/scrutineer/scrutineer"
)

// Documents is what the demo documents need: the exchange, the job that checks an
// upload (run at once here, so the demo shows results without waiting for the pool)
// and the user store to act as the Glasgow committee officer.
type Documents struct {
	Service scrutineer.DocumentService
	Check   func(ctx context.Context, job *scrutineer.Job) error
	Users   interface {
		FindUserByEmail(ctx context.Context, email string) (*scrutineer.User, error)
	}
}

// documentsOwner is the demo account whose committee holds the demo documents.
const documentsOwner = "cpc.glasgow@demo.scrutineer.test"

// Demo texts: anonymised prose, and the same with identifiers left in by mistake.
// The CHI number and the postcode are made up (the CHI number passes its check
// digit so that it is found).
const (
	demoSentText = "Learning review: summary of learning\n\nChild C was known to universal services from birth. " +
		"The review found that information about the family's housing was shared late between agencies, " +
		"and that the lead professional changed three times in a year.\n\nRecommendation 1: the committee will " +
		"audit the use of chronologies in multi-agency meetings.\n"
	demoFindingsText = "Learning review report (draft)\n\nChild D lived with Mother and two siblings. " +
		"Health records list CHI 0101011237 against the first referral. The family moved to G31 2AB in the spring.\n\n" +
		"Practitioner 2 told the review that workloads were high.\n"
)

// SeedDocuments gives the Glasgow committee one sent document and one with
// personal-data findings, so that every documents page has something real. It does
// nothing when the committee already has documents. Runs as the committee officer,
// so every step is audited as theirs; the check runs as the service.
func SeedDocuments(ctx context.Context, d Documents) error {
	u, err := d.Users.FindUserByEmail(ctx, documentsOwner)
	if err != nil {
		return err
	}
	uctx := scrutineer.NewContextWithUser(ctx, u)
	existing, err := d.Service.FindDocuments(uctx, scrutineer.DocumentFilter{Limit: 1})
	if err != nil || len(existing) > 0 {
		return err
	}
	sent, err := d.upload(ctx, uctx, scrutineer.DocLearningSummary, "Summary of learning, review 2024/03", "summary-of-learning.txt", demoSentText)
	if err != nil {
		return err
	}
	if err := d.Service.SendDocument(uctx, sent); err != nil {
		return err
	}
	_, err = d.upload(ctx, uctx, scrutineer.DocReport, "Learning review report, review 2025/01", "learning-review-report.txt", demoFindingsText)
	return err
}

// upload uploads a text file and checks it at once, returning the document's ID.
func (d Documents) upload(ctx, uctx context.Context, kind scrutineer.DocumentKind, title, name, text string) (string, error) {
	res, err := d.Service.UploadDocument(uctx, &scrutineer.DocumentUpload{Kind: kind, Title: title, Filename: name, Body: strings.NewReader(text)})
	if err != nil {
		return "", err
	}
	payload, _ := json.Marshal(scrutineer.DocumentJobPayload{VersionID: res.Version.ID})
	return res.Document.ID, d.Check(ctx, &scrutineer.Job{Kind: scrutineer.JobExtractDocument, Payload: payload})
}
