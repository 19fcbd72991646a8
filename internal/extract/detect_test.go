package extract

import (
	"archive/tar"
	"bytes"
	"testing"

	"github.com/scrutineer/scrutineer/internal/extract/internal/docgen"
)

func TestDetectAccepts(t *testing.T) {
	tests := []struct {
		file, name string
		want       Format
	}{
		{"text.pdf", "report.pdf", PDF},
		{"report-40p.pdf", "Report 40 pages.PDF", PDF},
		{"libreoffice.pdf", "", PDF},
		{"sample.docx", "minutes.docx", DOCX},
		{"libreoffice.docx", `C:\Users\clerk\minutes.docx`, DOCX},
		{"sample.odt", "evidence.odt", ODT},
		{"sample.odt", "evidence", ODT},
		{"utf8.txt", "notes.txt", TXT},
		{"utf8-bom.txt", "notes.txt", TXT},
		{"utf8.txt", "notes.final", TXT}, // an unknown extension leaves it to the content
		{"scanned.pdf", "scan.pdf", PDF},
		{"encrypted.pdf", "locked.pdf", PDF}, // refused by Check, which reads the trailer
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.name, func(t *testing.T) {
			got, err := Detect(readTestdata(t, tt.file), tt.name)
			if err != nil {
				t.Fatalf("Detect: %v", err)
			}
			if got != tt.want {
				t.Fatalf("Detect = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDetectRefuses(t *testing.T) {
	elf := append([]byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00"), make([]byte, 64)...)
	exe := append([]byte("MZ\x90\x00"), make([]byte, 128)...)
	gz := []byte{0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3}
	rar := []byte("Rar!\x1a\x07\x01\x00more")
	sevenZ := []byte{'7', 'z', 0xbc, 0xaf, 0x27, 0x1c, 0, 4, 1, 2, 3, 4}
	var tarBuf bytes.Buffer
	tw := tar.NewWriter(&tarBuf)
	tw.WriteHeader(&tar.Header{Name: "minutes.txt", Mode: 0o644, Size: 5})
	tw.Write([]byte("hello"))
	tw.Close()
	xlsx := docgen.Zip([]docgen.Entry{{Name: "[Content_Types].xml", Data: []byte("<Types/>")}, {Name: "xl/workbook.xml", Data: []byte("<workbook/>")}})
	jar := docgen.Zip([]docgen.Entry{{Name: "META-INF/MANIFEST.MF", Data: []byte("Manifest-Version: 1.0\n")}})
	ods := docgen.ODT{Text: "", Mime: "application/vnd.oasis.opendocument.spreadsheet"}.Bytes()
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)

	tests := []struct {
		name     string
		data     []byte
		filename string
		want     []string
	}{
		{"empty", nil, "a.pdf", []string{"empty"}},
		{"docx named pdf", readTestdata(t, "docx-named.pdf"), "report.pdf", []string{"ends in .pdf", "Word document (.docx)", "Give it the .docx extension"}},
		{"pdf named docx", readTestdata(t, "text.pdf"), "report.docx", []string{"ends in .docx", "a PDF"}},
		{"odt named txt", readTestdata(t, "sample.odt"), "notes.txt", []string{"ends in .txt"}},
		{"docx named zip", readTestdata(t, "sample.docx"), "report.zip", []string{"ends in .zip"}},
		{"docm", readTestdata(t, "macro.docm"), "report.docm", []string{"macros", "without macros"}},
		{"docm renamed docx", readTestdata(t, "macro.docm"), "report.docx", []string{"macros"}},
		{"odt with Basic", readTestdata(t, "macro.odt"), "report.odt", []string{"macros or scripts"}},
		{"zip", readTestdata(t, "archive.zip"), "papers.zip", []string{"ZIP archive", "unpack it"}},
		{"zip named docx", readTestdata(t, "archive.zip"), "papers.docx", []string{"ZIP archive"}},
		{"gzip", gz, "papers.gz", []string{"compressed archive"}},
		{"rar", rar, "papers.rar", []string{"archive"}},
		{"7z", sevenZ, "papers.7z", []string{"archive"}},
		{"tar", tarBuf.Bytes(), "papers.tar", []string{"archive"}},
		{"elf", elf, "report.pdf", []string{"a program"}},
		{"exe", exe, "report.exe", []string{"a program"}},
		{"jar", jar, "report.jar", []string{"Java program"}},
		{"shell script", readTestdata(t, "script.sh"), "notes.txt", []string{"script"}},
		{"html", readTestdata(t, "page.html"), "notes.txt", []string{"web page"}},
		{"latin-1", readTestdata(t, "latin1.txt"), "notes.txt", []string{"Latin-1", "Save the file as UTF-8 text and upload it again"}},
		{"utf-16 with BOM", readTestdata(t, "utf16.txt"), "notes.txt", []string{"UTF-16", "Save the file as UTF-8 text and upload it again"}},
		{"utf-16 without BOM", readTestdata(t, "utf16.txt")[2:], "notes.txt", []string{"UTF-16", "Save the file as UTF-8"}},
		{"xlsx", xlsx, "figures.xlsx", []string{"Excel workbook"}},
		{"ods", ods, "figures.ods", []string{"spreadsheet"}},
		{"doc", ole, "old.doc", []string{"older"}},
		{"password-protected docx", ole, "locked.docx", []string{"protected by a password", "remove the password"}},
		{"password-protected, no name", append(bytes.Clone(ole), encryptedPackage...), "locked", []string{"protected by a password"}},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "scan.png", []string{"an image"}},
		{"rtf", []byte(`{\rtf1\ansi Minutes}`), "minutes.rtf", []string{"Rich Text Format"}},
		{"unknown binary", []byte{1, 2, 3, 4, 5, 0xff, 0xfe, 0x80, 0x81, 0x00, 0x01}, "x.bin", []string{"not accepted"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Detect(tt.data, tt.filename)
			if err == nil {
				t.Fatalf("Detect = %q, want an error", got)
			}
			wantInvalid(t, err, tt.want...)
		})
	}
}

// A DOCX whose first entries are larger than the head: the head cannot show that it
// is a Word document, so Detect trusts the extension and Check decides.
func TestDetectLargeFirstEntry(t *testing.T) {
	noise := []byte(docgen.Prose(7, 40000)) // compresses, but still far beyond HeadSize
	data := docgen.Zip([]docgen.Entry{
		{Name: "docProps/thumbnail.jpeg", Data: noise, Store: true},
		{Name: "[Content_Types].xml", Data: []byte(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="` + docgen.DocxMain + `"/></Types>`)},
		{Name: "word/document.xml", Data: []byte(docgen.DocxDocument(docgen.DocxPara("Hello")))},
	})
	head := data[:HeadSize]
	if f, err := Detect(head, "report.docx"); err != nil || f != DOCX {
		t.Fatalf("Detect(.docx) = %q, %v; want docx", f, err)
	}
	if _, err := Detect(head, "report"); err == nil {
		t.Fatal("Detect(no extension) accepted an undecided ZIP")
	}
	if err := checkBytes(t, DOCX, data); err != nil {
		t.Fatalf("Check: %v", err)
	}
	// The same layout holding no Word document is an archive, found by Check.
	archive := docgen.Zip([]docgen.Entry{
		{Name: "photos/one.jpeg", Data: noise, Store: true},
		{Name: "notes.txt", Data: []byte("notes")},
	})
	if f, err := Detect(archive[:HeadSize], "report.docx"); err != nil || f != DOCX {
		t.Fatalf("Detect(.docx) = %q, %v; want a tentative docx", f, err)
	}
	wantInvalid(t, checkBytes(t, DOCX, archive), "ZIP archive")
}

func TestExtension(t *testing.T) {
	tests := map[string]string{
		"a.PDF": ".pdf", "dir/a.b.docx": ".docx", `C:\x\y.Odt`: ".odt", "noext": "", "dir.v2/noext": "", "": "", "trailing.": ".",
	}
	for in, want := range tests {
		if got := extension(in); got != want {
			t.Errorf("extension(%q) = %q, want %q", in, got, want)
		}
	}
}
