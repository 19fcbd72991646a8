package export_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/internal/stats"
	"github.com/scrutineer/scrutineer/internal/stats/export"
)

func sample() *stats.Table {
	return &stats.Table{ID: "by-year", Title: "Decisions by year", Description: "Reviews by year.", Unit: "reviews", RowHeading: "Year",
		Kind: stats.Counts, RowTotals: true,
		Columns: []stats.Heading{{Code: "a", Label: "Full & review"}, {Code: "b", Label: "No review"}},
		Rows: []stats.Row{
			{Heading: stats.Heading{Code: "2023", Label: "2023-24"}, Cells: []stats.Cell{{Value: 12}, {Suppressed: true}}, Total: stats.Cell{Value: 15}},
			{Heading: stats.Heading{Code: "2024", Label: "=cmd()"}, Cells: []stats.Cell{{Value: 7}, {Suppressed: true}}, Total: stats.Cell{Value: 9}},
		},
		Totals: &stats.Row{Heading: stats.Heading{Code: "total", Label: "Total"}, Cells: []stats.Cell{{Value: 19}, {Value: 5}}, Total: stats.Cell{Value: 24}},
	}
}

var meta = export.Meta{Source: "Scrutineer", Period: "Financial year 2024-25", Produced: "26 November 2026", Protection: "Counts below 5 hidden."}

func TestCSV(t *testing.T) {
	var b bytes.Buffer
	if err := export.Write(&b, "csv", sample(), meta); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := "Year,Full & review,No review,Total|2023-24,12,[c],15|'=cmd(),7,[c],9|Total,19,5,24"
	var got []string
	for _, r := range recs {
		got = append(got, strings.Join(r, ","))
	}
	if strings.Join(got, "|") != want {
		t.Errorf("CSV = %q\nwant %q", strings.Join(got, "|"), want)
	}
}

// files opens a zip package.
func files(t *testing.T, b []byte) map[string]string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	out := map[string]string{}
	for i, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(r)
		out[f.Name] = string(body)
		if i == 0 {
			out["#first"] = f.Name
			out["#firstMethod"] = map[uint16]string{zip.Store: "store", zip.Deflate: "deflate"}[f.Method]
		}
	}
	return out
}

// cells reads the text of every cell of an XML spreadsheet part, sheet by sheet:
// XLSX <c> elements (their <v> or inline <t>) and ODS <table:table-cell> <text:p>.
func cells(t *testing.T, doc string, cell, sheet string) [][]string {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(doc))
	var sheets [][]string
	in := false
	var text strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("XML: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if e.Name.Local == sheet {
				sheets = append(sheets, nil)
			}
			if e.Name.Local == cell {
				in = true
				text.Reset()
			}
		case xml.CharData:
			if in {
				text.Write(e)
			}
		case xml.EndElement:
			if e.Name.Local == cell {
				in = false
				if len(sheets) == 0 {
					sheets = append(sheets, nil)
				}
				sheets[len(sheets)-1] = append(sheets[len(sheets)-1], text.String())
			}
		}
	}
	return sheets
}

func TestXLSX(t *testing.T) {
	var b bytes.Buffer
	if err := export.Write(&b, "xlsx", sample(), meta); err != nil {
		t.Fatal(err)
	}
	f := files(t, b.Bytes())
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"} {
		if _, ok := f[name]; !ok {
			t.Errorf("missing part %s", name)
		}
	}
	if !strings.Contains(f["xl/workbook.xml"], `name="Decisions by year"`) || !strings.Contains(f["xl/workbook.xml"], `name="Metadata"`) {
		t.Errorf("sheets: %s", f["xl/workbook.xml"])
	}
	table := cells(t, f["xl/worksheets/sheet1.xml"], "c", "worksheet")[0]
	if got := strings.Join(table, ","); got != "Year,Full & review,No review,Total,2023-24,12,[c],15,=cmd(),7,[c],9,Total,19,5,24" {
		t.Errorf("table sheet = %s", got)
	}
	md := strings.Join(cells(t, f["xl/worksheets/sheet2.xml"], "c", "worksheet")[0], "|")
	for _, want := range []string{"Source|Scrutineer", "Period|Financial year 2024-25", "Date produced|26 November 2026", "Disclosure control|Counts below 5 hidden."} {
		if !strings.Contains(md, want) {
			t.Errorf("metadata lacks %q: %s", want, md)
		}
	}
	if !strings.Contains(f["xl/worksheets/sheet1.xml"], `<c r="B2"><v>12</v></c>`) {
		t.Error("counts are not numeric cells")
	}
}

func TestODS(t *testing.T) {
	var b bytes.Buffer
	if err := export.Write(&b, "ods", sample(), meta); err != nil {
		t.Fatal(err)
	}
	f := files(t, b.Bytes())
	if f["#first"] != "mimetype" || f["#firstMethod"] != "store" || f["mimetype"] != "application/vnd.oasis.opendocument.spreadsheet" {
		t.Errorf("mimetype part: first %q method %q body %q", f["#first"], f["#firstMethod"], f["mimetype"])
	}
	if !strings.Contains(f["META-INF/manifest.xml"], `manifest:full-path="content.xml"`) {
		t.Error("manifest does not list content.xml")
	}
	sheets := cells(t, f["content.xml"], "table-cell", "table")
	if len(sheets) != 2 {
		t.Fatalf("%d sheets, want the table and the metadata", len(sheets))
	}
	if got := strings.Join(sheets[0], ","); got != "Year,Full & review,No review,Total,2023-24,12,[c],15,=cmd(),7,[c],9,Total,19,5,24" {
		t.Errorf("table sheet = %s", got)
	}
	if md := strings.Join(sheets[1], "|"); !strings.Contains(md, "Disclosure control|Counts below 5 hidden.") {
		t.Errorf("metadata = %s", md)
	}
	if !strings.Contains(f["content.xml"], `office:value-type="float" office:value="12"`) {
		t.Error("counts are not numeric cells")
	}
}
