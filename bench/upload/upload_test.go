// Package benchupload measures how long a 40-page PDF report takes from upload to
// being found by search (issue 7): storing it encrypted, extracting its text,
// checking it for personal data, sending it and indexing it, on each engine.
package benchupload

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/blob"
	"github.com/scrutineer/scrutineer/internal/directory"
	"github.com/scrutineer/scrutineer/internal/documents"
	"github.com/scrutineer/scrutineer/internal/extract"
	"github.com/scrutineer/scrutineer/internal/generate"
	"github.com/scrutineer/scrutineer/internal/keys"
	"github.com/scrutineer/scrutineer/internal/pdf"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/search/searchbench"
	"github.com/scrutineer/scrutineer/internal/search/searchtest"
	"github.com/scrutineer/scrutineer/internal/store"
)

// Pages is the length of the report uploaded.
const Pages = 40

// BenchmarkUploadToSearchable uploads a different 40-page PDF each iteration and
// waits until a word found only in it is returned by search; reports seconds per
// document (median) and pages per second.
func BenchmarkUploadToSearchable(b *testing.B) {
	ctx := auth.SystemContext(context.Background())
	var cleanups []func()
	defer func() {
		for i := len(cleanups) - 1; i >= 0; i-- {
			cleanups[i]()
		}
	}()
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	x, err := extract.New(extract.Options{CacheDir: filepath.Join(cache, "scrutineer", "bench-pdfium")})
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	dbs, err := searchbench.OpenDatabases(ctx, b.TempDir(), &cleanups)
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range dbs {
		b.Run(d.Engine, func(b *testing.B) {
			if _, err := directory.Sync(ctx, store.NewOrganisations(d.DB)); err != nil {
				b.Fatal(err)
			}
			officers, err := generate.AddOfficers(ctx, d.DB, 1, fmt.Sprint(time.Now().UnixNano()))
			if err != nil {
				b.Fatal(err)
			}
			fs, err := blob.NewFS(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			jobs := store.NewJobs(d.DB)
			idx := search.New(d.DB)
			svc := documents.New(store.NewDocuments(d.DB, jobs), blob.New(fs, keys.Generate()), idx, x, documents.Options{})
			officer := scrutineer.NewContextWithUser(context.Background(), officers[0])
			regulator, err := store.NewOrganisations(d.DB).FindOrganisationBySlug(ctx, "regulator")
			if err != nil {
				b.Fatal(err)
			}
			inspector := scrutineer.NewContextWithUser(context.Background(), &scrutineer.User{ID: "bench", OrganisationID: regulator.ID, Roles: []scrutineer.Role{scrutineer.RoleInspector}, Active: true})
			upload(b, ctx, officer, inspector, svc, idx, -1) // warm: PDFium, caches
			var took []time.Duration
			b.ResetTimer()
			for i := range b.N {
				took = append(took, upload(b, ctx, officer, inspector, svc, idx, i))
			}
			slices.Sort(took)
			med := took[len(took)/2]
			b.ReportMetric(med.Seconds(), "median-s")
			b.ReportMetric(took[len(took)-1].Seconds(), "max-s")
			b.ReportMetric(Pages/med.Seconds(), "pages/s")
		})
	}
}

// upload sends report i through the exchange and returns the time until search
// finds it.
func upload(b *testing.B, ctx, officer, inspector context.Context, svc *documents.Service, idx search.Index, i int) time.Duration {
	b.StopTimer()
	// NOTE: the benchmark runs more than once (b.N rises), so the marker counts
	// across runs: every upload is a new file with a word of its own.
	uploads++
	marker := fmt.Sprintf("Kelpiebrae%s", letters(uploads))
	file := report(i, marker)
	b.StartTimer()
	start := time.Now()
	res, err := svc.UploadDocument(officer, &scrutineer.DocumentUpload{Kind: scrutineer.DocReport, Title: "Learning review report " + marker,
		Filename: "report.pdf", Body: bytes.NewReader(file)})
	if err != nil {
		b.Fatal(err)
	}
	payload, _ := json.Marshal(scrutineer.DocumentJobPayload{VersionID: res.Version.ID})
	if err := svc.Handlers()[scrutineer.JobExtractDocument](ctx, &scrutineer.Job{Kind: scrutineer.JobExtractDocument, Payload: payload}); err != nil {
		b.Fatal(err)
	}
	if err := svc.SendDocument(officer, res.Document.ID); err != nil {
		b.Fatalf("send: %v", err)
	}
	found, err := idx.Search(inspector, search.Query{Text: marker})
	took := time.Since(start)
	if err != nil || found.Total != 1 {
		b.Fatalf("search for %s: %v, %+v", marker, err, found)
	}
	return took
}

var uploads int

// letters spells n in letters, so the marker is one word without digits.
func letters(n int) string {
	var s string
	for ; n > 0; n /= 26 {
		s = string(rune('a'+n%26)) + s
	}
	return s
}

// report writes a 40-page PDF: a generated report long enough to fill the pages,
// with the marker word in its first paragraph.
func report(i int, marker string) []byte {
	g := searchtest.New(uint64(1000 + i))
	doc := g.Make(i+1, searchtest.Spec{ID: "x", Kind: search.KindLearningReviewReport, Year: 2025, Subject: "Child A",
		Themes: []string{"neglect", "information_sharing"}, Words: 15000})
	blocks := []pdf.Block{pdf.Heading{Level: 1, Text: doc.Title}, pdf.Paragraph{Text: "Review reference " + marker + "."}}
	for _, para := range strings.Split(doc.Text, "\n\n") {
		if strings.HasPrefix(para, "#") || len(para) < 60 {
			blocks = append(blocks, pdf.Heading{Level: 2, Text: strings.TrimSpace(para)})
			continue
		}
		blocks = append(blocks, pdf.Paragraph{Text: para})
	}
	for pages(blocks, doc.Title) < Pages {
		blocks = append(blocks, blocks[2:]...)
	}
	// The shortest prefix of the blocks that fills the pages.
	lo, hi := 2, len(blocks)
	for lo < hi {
		mid := (lo + hi) / 2
		if pages(blocks[:mid], doc.Title) >= Pages {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	var out bytes.Buffer
	if err := pdf.Write(&out, &pdf.Document{Title: doc.Title, Blocks: blocks[:lo]}); err != nil {
		panic(err)
	}
	return out.Bytes()
}

// pages counts the pages of the PDF blocks make.
func pages(blocks []pdf.Block, title string) int {
	var out bytes.Buffer
	if err := pdf.Write(&out, &pdf.Document{Title: title, Blocks: blocks}); err != nil {
		panic(err)
	}
	return bytes.Count(out.Bytes(), []byte("/Type /Page /Parent"))
}
