package demo

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/pdf"
)

// Publications is what the demo publications need: the publications site and the
// report builder (one service implements both), the directory for areas, and the
// user store to act as the demo analyst.
type Publications struct {
	Service interface {
		scrutineer.PublicationService
		scrutineer.ReportService
	}
	Organisations Organisations
	Users         interface {
		FindUserByEmail(ctx context.Context, email string) (*scrutineer.User, error)
	}
}

// publisher is the demo account that publishes (analysts may).
const publisher = "analyst@demo.scrutineer.test"

// demoAreaPublication is an inspection report or validation letter of one area.
type demoAreaPublication struct {
	typ           scrutineer.PublicationType
	area, title   string
	summary       string
	year          int
	html, publish bool
}

var demoAreaPublications = []demoAreaPublication{
	{scrutineer.PubInspectionReport, "fife", "Services for children and young people in Fife", "A joint inspection of how well services in Fife protect children and young people at risk of harm.", 2024, false, true},
	{scrutineer.PubInspectionReport, "glasgow-city", "Services for children and young people in Glasgow", "A joint inspection of services for children and young people at risk of harm in Glasgow.", 2025, false, true},
	{scrutineer.PubValidationLetter, "dundee-cjp", "Validated self-evaluation: Dundee community justice social work", "Our letter validating the self-evaluation of justice social work in Dundee.", 2025, true, true},
	{scrutineer.PubValidationLetter, "highland-cjp", "Validated self-evaluation: Highland community justice social work", "Our letter validating the self-evaluation of justice social work in Highland.", 2024, true, true},
	{scrutineer.PubInspectionReport, "clackmannanshire", "Services for children and young people in Clackmannanshire", "A joint inspection still being written: a draft, so not public.", 2025, false, false},
}

// SeedPublications publishes two national overview reports (built through the report
// builder from commentary and statistics tables), inspection reports and validation
// letters for some areas with small generated files, and leaves one draft. It does
// nothing when any publication exists.
func SeedPublications(ctx context.Context, p Publications) error {
	u, err := p.Users.FindUserByEmail(ctx, publisher)
	if err != nil {
		return err
	}
	uctx := scrutineer.NewContextWithUser(ctx, u)
	existing, err := p.Service.FindPublications(uctx, scrutineer.PublicationFilter{Limit: 1})
	if err != nil || existing.Total > 0 {
		return err
	}
	for _, y := range []int{2023, 2024} {
		if err := seedOverview(uctx, p, y); err != nil {
			return fmt.Errorf("demo overview %d: %w", y, err)
		}
	}
	for _, d := range demoAreaPublications {
		if err := seedAreaPublication(ctx, uctx, p, d); err != nil {
			return fmt.Errorf("demo publication %s: %w", d.title, err)
		}
	}
	return nil
}

// seedOverview builds and publishes the overview of financial year y to y+1.
func seedOverview(ctx context.Context, p Publications, y int) error {
	label := fmt.Sprintf("%d-%02d", y, (y+1)%100)
	r, err := p.Service.CreateReport(ctx, &scrutineer.ReportInput{Title: "National overview of learning reviews " + label,
		PeriodFrom: fmt.Sprintf("%d-04-01", y), PeriodTo: fmt.Sprintf("%d-03-31", y+1)})
	if err != nil {
		return err
	}
	sections := []scrutineer.SectionInput{{Kind: scrutineer.SectionCommentary, Heading: "Introduction",
		Body: "This overview brings together the learning review decisions and outcomes that child, adult and public protection committees notified to us in " + label + ".\n\n" +
			"Committees continued to use alternative review approaches where a full review was not proportionate. The themes of the learning were familiar: sharing information between agencies, professional curiosity and the voice of the child or adult."}}
	choices, err := p.Service.TableChoices(ctx, r.ID)
	if err != nil {
		return err
	}
	for i, c := range choices {
		if i == 2 {
			break
		}
		sections = append(sections, scrutineer.SectionInput{Kind: scrutineer.SectionStatistics, Heading: c.Title, Table: c.ID})
	}
	sections = append(sections, scrutineer.SectionInput{Kind: scrutineer.SectionCommentary, Heading: "What happens next",
		Body: "We will share this overview with chief officers groups and the Scottish Government, and use it to plan our scrutiny of services for children and adults at risk of harm."})
	for _, s := range sections {
		if _, err := p.Service.AddSection(ctx, r.ID, &s); err != nil {
			return err
		}
	}
	rr, err := p.Service.RenderReport(ctx, r.ID)
	if err != nil {
		return err
	}
	_, err = p.Service.PublishReport(ctx, r.ID, "Learning review decisions and outcomes notified by protection committees in "+label+", with what they tell us.", rr.Version, true)
	return err
}

// seedAreaPublication creates one area's publication with a small generated file,
// and publishes it unless it is the demo draft.
func seedAreaPublication(sys, ctx context.Context, p Publications, d demoAreaPublication) error {
	org, err := p.Organisations.FindOrganisationBySlug(sys, d.area)
	if err != nil {
		return err
	}
	pub, err := p.Service.CreatePublication(ctx, &scrutineer.PublicationInput{Type: d.typ, Title: d.title, Summary: d.summary, AreaID: org.ID, Year: d.year})
	if err != nil {
		return err
	}
	name, body := demoFile(d, org.Name)
	if _, err := p.Service.UploadPublicationFile(ctx, pub.ID, name, bytes.NewReader(body)); err != nil {
		return err
	}
	if !d.publish {
		return nil
	}
	return p.Service.PublishPublication(ctx, pub.ID)
}

// demoFile is a short letter as HTML, or a short report as a tagged PDF.
func demoFile(d demoAreaPublication, area string) (string, []byte) {
	intro := fmt.Sprintf("This %s is about %s in %d. It is demonstration content.", d.typ.Label(), area, d.year)
	if d.html {
		return scrutineer.Slugify(d.title) + ".html", fmt.Appendf(nil, `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>%s</title></head>
<body><main><h1>%s</h1><p>%s</p><p>We found that the partnership knows its strengths and where it must improve, and that its self-evaluation is supported by evidence.</p></main></body></html>
`, d.title, d.title, intro)
	}
	var b bytes.Buffer
	doc := &pdf.Document{Title: d.title, Lang: "en-GB", Author: "The regulator", Blocks: []pdf.Block{
		pdf.Heading{Level: 1, Text: d.title},
		pdf.Paragraph{Text: intro},
		pdf.Heading{Level: 2, Text: "Key messages"},
		pdf.List{Items: []string{"Children at risk of harm were kept safe.", "Partners shared information well.", "Planning for children needed to be more consistent."}},
		pdf.Paragraph{Text: "Published " + time.Now().Format("January 2006") + "."},
	}}
	if err := pdf.Write(&b, doc); err != nil {
		// The PDF writer fails only on a missing title, which every demo item has.
		panic(err)
	}
	return scrutineer.Slugify(d.title) + ".pdf", b.Bytes()
}
