package extract

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/internal/extract/internal/docgen"
)

// BenchmarkNew measures PDFium's cold start: compiling its WebAssembly. Run it
// with -benchtime=1x; each iteration takes seconds.
func BenchmarkNew(b *testing.B) {
	defer reportCPU(b, cpuTime(), 1)
	for b.Loop() {
		e, err := New(Options{})
		if err != nil {
			b.Fatal(err)
		}
		e.Close()
	}
}

// BenchmarkNewCached measures the start with a warm compilation cache.
func BenchmarkNewCached(b *testing.B) {
	MustExtractor(b)
	defer reportCPU(b, cpuTime(), 1)
	for b.Loop() {
		e, err := New(Options{CacheDir: testCacheDir})
		if err != nil {
			b.Fatal(err)
		}
		e.Close()
	}
}

// BenchmarkTextPDF40 extracts the 40-page report, one document at a time.
func BenchmarkTextPDF40(b *testing.B) {
	benchText(b, MustExtractor(b), PDF, readTestdata(b, "report-40p.pdf"), 40)
}

// BenchmarkTextPDF40Parallel extracts the 40-page report from as many goroutines
// as GOMAXPROCS, sharing the pool's workers.
func BenchmarkTextPDF40Parallel(b *testing.B) {
	e := MustExtractor(b)
	data := readTestdata(b, "report-40p.pdf")
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	defer reportCPU(b, cpuTime(), 40)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := e.Text(context.Background(), PDF, bytes.NewReader(data), int64(len(data))); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(40*b.N)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkTextPDF40Fallback extracts the 40-page report with the fallback reader.
func BenchmarkTextPDF40Fallback(b *testing.B) {
	e := &Extractor{opts: MustExtractor(b).opts, log: MustExtractor(b).log, noPDFium: true}
	benchText(b, e, PDF, readTestdata(b, "report-40p.pdf"), 40)
}

// BenchmarkTextDOCXLarge extracts a 400-page Word document (120,000 words).
func BenchmarkTextDOCXLarge(b *testing.B) {
	data := largeDOCX(400)
	benchText(b, MustExtractor(b), DOCX, data, 400)
}

// BenchmarkCheckDOCXLarge checks the same document, as an upload would.
func BenchmarkCheckDOCXLarge(b *testing.B) {
	data := largeDOCX(400)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if err := Check(context.Background(), DOCX, bytes.NewReader(data), int64(len(data))); err != nil {
			b.Fatal(err)
		}
	}
}

func benchText(b *testing.B, e *Extractor, f Format, data []byte, pages int) {
	b.SetBytes(int64(len(data)))
	var textBytes int
	defer reportCPU(b, cpuTime(), pages)
	for b.Loop() {
		res, err := e.Text(context.Background(), f, bytes.NewReader(data), int64(len(data)))
		if err != nil {
			b.Fatal(err)
		}
		textBytes = len(res.Text)
	}
	b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(textBytes*b.N)/b.Elapsed().Seconds()/1e6, "text-MB/s")
}

// largeDOCX returns a Word document of the given number of pages of 300 words,
// each in five paragraphs, with a small table per page.
func largeDOCX(pages int) []byte {
	var body bytes.Buffer
	for p := 0; p < pages; p++ {
		if p > 0 {
			body.WriteString(docgen.DocxPageBreak())
		}
		words := docgen.Prose(uint64(p+1000), 300)
		for _, para := range docgen.Wrap(words, 400) {
			body.WriteString(docgen.DocxPara(para))
		}
		body.WriteString(`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Agency</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Action</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`)
	}
	return docgen.DOCX{Body: body.String(), Pages: pages}.Bytes()
}

// reportCPU reports the CPU time per operation since start and, when pages is
// above 1, pages per CPU second: the figures that hold on a machine shared with
// other work, where wall time does not.
func reportCPU(b *testing.B, start time.Duration, pages int) {
	cpu := (cpuTime() - start).Seconds()
	if cpu <= 0 || b.N == 0 {
		return
	}
	b.ReportMetric(cpu/float64(b.N), "cpu-s/op")
	if pages > 1 {
		b.ReportMetric(float64(pages*b.N)/cpu, "pages/cpu-s")
	}
}
