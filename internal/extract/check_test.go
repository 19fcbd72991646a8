package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/extract/internal/docgen"
)

func checkBytes(t testing.TB, f Format, data []byte) error {
	t.Helper()
	return Check(context.Background(), f, bytes.NewReader(data), int64(len(data)))
}

func TestCheckAccepts(t *testing.T) {
	tests := []struct {
		file string
		f    Format
	}{
		{"text.pdf", PDF}, {"report-40p.pdf", PDF}, {"libreoffice.pdf", PDF}, {"scanned.pdf", PDF},
		{"sample.docx", DOCX}, {"libreoffice.docx", DOCX}, {"sample.odt", ODT},
		{"utf8.txt", TXT}, {"utf8-bom.txt", TXT},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			if err := checkBytes(t, tt.f, readTestdata(t, tt.file)); err != nil {
				t.Fatalf("Check: %v", err)
			}
		})
	}
}

func TestCheckRefuses(t *testing.T) {
	text := readTestdata(t, "text.pdf")
	tests := []struct {
		name string
		f    Format
		data []byte
		want []string
	}{
		{"encrypted PDF", PDF, readTestdata(t, "encrypted.pdf"), []string{"password or encryption", "without a password"}},
		{"encrypted PDF without user password", PDF, readTestdata(t, "encrypted-owner.pdf"), []string{"password or encryption"}},
		{"truncated PDF", PDF, readTestdata(t, "truncated.pdf"), []string{"damaged or incomplete"}},
		{"not a PDF", PDF, []byte("hello %%EOF"), []string{"damaged"}},
		{"PDF cut before %%EOF", PDF, text[:len(text)-7], []string{"damaged"}},
		{"docm", DOCX, readTestdata(t, "macro.docm"), []string{"macros"}},
		{"odt with Basic", ODT, readTestdata(t, "macro.odt"), []string{"macros or scripts"}},
		{"zip bomb", DOCX, readTestdata(t, "bomb.docx"), []string{"expands to more than"}},
		{"plain zip as docx", DOCX, readTestdata(t, "archive.zip"), []string{"ZIP archive"}},
		{"odt as docx", DOCX, readTestdata(t, "sample.odt"), []string{"OpenDocument text"}},
		{"docx as odt", ODT, readTestdata(t, "sample.docx"), []string{"Word document"}},
		{"dotx", DOCX, docgen.DOCX{Body: docgen.DocxPara("Template"), MainType: "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"}.Bytes(), []string{"Word template"}},
		{"pdf as docx", DOCX, text, []string{"damaged"}},
		{"truncated docx", DOCX, readTestdata(t, "sample.docx")[:2000], []string{"damaged"}},
		{"latin-1", TXT, readTestdata(t, "latin1.txt"), []string{"Latin-1"}},
		{"utf-16", TXT, readTestdata(t, "utf16.txt"), []string{"UTF-16"}},
		{"latin-1 after 100 KB of ASCII", TXT, append(bytes.Repeat([]byte("minutes "), 100<<10/8), 0xe9, '\n'), []string{"Latin-1"}},
		{"NUL in text", TXT, []byte("minutes\x00more"), []string{"binary data"}},
		{"empty", TXT, nil, []string{"empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantInvalid(t, checkBytes(t, tt.f, tt.data), tt.want...)
		})
	}
}

// UTF-8 characters cut across Check's read chunks must not look invalid.
func TestCheckTXTChunkBoundaries(t *testing.T) {
	for pad := 0; pad < 4; pad++ {
		data := append(bytes.Repeat([]byte("a"), 64<<10-1-pad), strings.Repeat("€Gàidhlig ", 20000)...)
		if err := checkBytes(t, TXT, data); err != nil {
			t.Fatalf("pad %d: %v", pad, err)
		}
	}
}

func TestCheckMalformedXML(t *testing.T) {
	bad := docgen.DOCX{Body: `<w:p><w:r><w:t>unclosed</w:r></w:p>`}.Bytes()
	wantInvalid(t, checkBytes(t, DOCX, bad), "damaged")
	badODT := docgen.ODT{Text: `<text:p>unclosed</text:h>`}.Bytes()
	wantInvalid(t, checkBytes(t, ODT, badODT), "damaged")
}

func TestCheckZipBounds(t *testing.T) {
	t.Run("too many entries", func(t *testing.T) {
		entries := make([]docgen.Entry, MaxZipEntries+1)
		for i := range entries {
			entries[i] = docgen.Entry{Name: fmt.Sprintf("word/media/%d.xml", i)}
		}
		wantInvalid(t, checkBytes(t, DOCX, docgen.Zip(entries)), "more than 5000 parts")
	})
	t.Run("declared sizes add up past the bound", func(t *testing.T) {
		data := lieAboutSizes(t, readTestdata(t, "sample.docx"), MaxUnzippedSize/4)
		wantInvalid(t, checkBytes(t, DOCX, data), "expands to more than 512 MB")
	})
	t.Run("declared size smaller than the data", func(t *testing.T) {
		// archive/zip stops at the declared size and reports the entry damaged.
		data := lieAboutSizes(t, readTestdata(t, "sample.docx"), 10)
		wantInvalid(t, checkBytes(t, DOCX, data), "damaged")
	})
	t.Run("duplicate names", func(t *testing.T) {
		var buf bytes.Buffer
		w := zip.NewWriter(&buf)
		for _, body := range []string{"first", "second"} {
			f, _ := w.Create("word/document.xml")
			f.Write([]byte(docgen.DocxDocument(docgen.DocxPara(body))))
		}
		f, _ := w.Create("[Content_Types].xml")
		f.Write([]byte(docgen.DocxMain))
		w.Close()
		wantInvalid(t, checkBytes(t, DOCX, buf.Bytes()), "damaged")
	})
	t.Run("claims millions of entries", func(t *testing.T) {
		data := bytes.Clone(readTestdata(t, "sample.docx"))
		eocd := bytes.LastIndex(data, []byte("PK\x05\x06"))
		binary.LittleEndian.PutUint16(data[eocd+8:], 0xffff)
		binary.LittleEndian.PutUint16(data[eocd+10:], 0xfffe)
		wantInvalid(t, checkBytes(t, DOCX, data), "more than 5000 parts")
	})
}

// lieAboutSizes rewrites the uncompressed size of every entry in the central
// directory (and local headers) to n.
func lieAboutSizes(t *testing.T, data []byte, n uint32) []byte {
	t.Helper()
	data = bytes.Clone(data)
	for _, sig := range []struct {
		magic string
		at    int
	}{{"PK\x01\x02", 24}, {"PK\x03\x04", 22}} {
		for i := 0; ; {
			j := bytes.Index(data[i:], []byte(sig.magic))
			if j < 0 {
				break
			}
			binary.LittleEndian.PutUint32(data[i+j+sig.at:], n)
			i += j + 4
		}
	}
	return data
}

func TestCheckReadError(t *testing.T) {
	for _, f := range []Format{PDF, DOCX, TXT} {
		err := Check(context.Background(), f, failingReader{}, 1000)
		if err == nil || scrutineer.ErrorCode(err) != scrutineer.EINTERNAL {
			t.Errorf("%s: got %v, want an internal error", f, err)
		}
	}
}

func TestCheckCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	data := readTestdata(t, "sample.docx")
	err := Check(ctx, DOCX, bytes.NewReader(data), int64(len(data)))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

func TestPDFEncryptedScan(t *testing.T) {
	tests := []struct {
		name string
		data string
		want bool
	}{
		{"trailer", "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer\n<< /Size 3 /Root 1 0 R /Encrypt 2 0 R >>\n%%EOF", true},
		{"trailer, no space", "trailer<</Encrypt 5 0 R/Root 1 0 R>>", true},
		{"xref stream", "7 0 obj\n<< /Type /XRef /Encrypt 3 0 R /W [1 2 1] >>\nstream\n", true},
		{"xref stream, type after", "7 0 obj\n<< /Encrypt 3 0 R /Size 9 /Type/XRef >>\nstream\n", true},
		{"EncryptMetadata only", "trailer\n<< /EncryptMetadata false >>", false},
		{"page content", "BT (see /Encrypt in the manual) Tj ET", false},
		{"plain", "%PDF-1.7\n%%EOF", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.data)
			got, err := pdfEncrypted(newGuardedReader(context.Background(), bytes.NewReader(data), int64(len(data))))
			if err != nil || got != tt.want {
				t.Fatalf("pdfEncrypted = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
	// A trailer straddling the scanner's chunk boundary.
	for _, at := range []int{1<<20 - 3, 1<<20 + 2*4096 - 5, 1<<20 + 4000} {
		data := append(bytes.Repeat([]byte(" "), at), "trailer\n<< /Encrypt 9 0 R >>\n%%EOF"...)
		got, _ := pdfEncrypted(newGuardedReader(context.Background(), bytes.NewReader(data), int64(len(data))))
		if !got {
			t.Errorf("trailer at %d not found", at)
		}
	}
}
