package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, dir, name string, content []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

type scanJSON []struct {
	File     string `json:"file"`
	Findings []struct {
		Kind  string `json:"kind"`
		Start int    `json:"start"`
		End   int    `json:"end"`
		Text  string `json:"text"`
	} `json:"findings"`
}

// TestScanJSONOffsetsAreBytesOfTheFile checks the contract: offsets count the
// byte-order mark and CRLF line ends of a .txt file, byte for byte.
func TestScanJSONOffsetsAreBytesOfTheFile(t *testing.T) {
	dir := t.TempDir()
	content := []byte("\ufeffLearning review\r\nChild A (CHI 0101011237) was seen on 3 April 2015.\r\nPhone 0141 496 0000.\r\n")
	path := writeFile(t, dir, "report.txt", content)
	out, _, err := runCmd(t, env(), "scan", "--json", path)
	if code := exitCode(err); err == nil || code != 1 {
		t.Fatalf("exit status %d (%v), want 1", code, err)
	}
	var got scanJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if len(got) != 1 || got[0].File != path || len(got[0].Findings) != 2 {
		t.Fatalf("unexpected output: %s", out)
	}
	for _, f := range got[0].Findings {
		if string(content[f.Start:f.End]) != f.Text {
			t.Errorf("%s at %d-%d is %q in the file, finding says %q", f.Kind, f.Start, f.End, content[f.Start:f.End], f.Text)
		}
	}
	if f := got[0].Findings[0]; f.Kind != "chi_number" || f.Start != 33 || f.Text != "0101011237" {
		t.Errorf("first finding %+v, want chi_number at byte 33", f)
	}
}

func TestScanExitStatus(t *testing.T) {
	dir := t.TempDir()
	clean := writeFile(t, dir, "clean.txt", []byte("Child A was seen by the Health Visitor on 3 April 2015.\n"))
	leaky := writeFile(t, dir, "leaky.txt", []byte("Mrs Jane Smith lives at 14 Ashgrove Road, Glasgow G12 8QQ.\n"))
	empty := writeFile(t, dir, "empty.txt", nil)
	latin1 := writeFile(t, dir, "latin1.txt", []byte("Caf\xe9 meeting\n"))
	utf16 := writeFile(t, dir, "utf16.txt", []byte("\xff\xfeC\x00h\x00i\x00l\x00d\x00"))
	binary := writeFile(t, dir, "data.txt", []byte("abc\x00def"))
	pdf := writeFile(t, dir, "report.pdf", []byte("%PDF-1.7\n%garbage"))
	tests := []struct {
		name string
		args []string
		code int
		want string // in stdout (or in the error for status 2)
	}{
		{"clean", []string{clean}, 0, "no personal data found"},
		{"empty file", []string{empty}, 0, "no personal data found"},
		{"findings", []string{clean, leaky}, 1, "3 findings"},
		{"json clean", []string{"--json", clean}, 0, `"findings":[]`},
		{"missing file", []string{filepath.Join(dir, "nope.txt")}, 2, "no such file"},
		{"folder", []string{dir}, 2, "folder"},
		{"latin-1", []string{latin1}, 2, "not UTF-8"},
		{"utf-16", []string{utf16}, 2, "UTF-16"},
		{"binary", []string{binary}, 2, "binary"},
		{"unreadable document", []string{pdf}, 2, "report.pdf"},
		{"no file", nil, 2, "no file given"},
		{"unknown flag", []string{"--xml", clean}, 2, "unknown flag -xml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := runCmd(t, env(), append([]string{"scan"}, tt.args...)...)
			code := 0
			if err != nil {
				code = exitCode(err)
			}
			if code != tt.code {
				t.Fatalf("exit status %d (%v), want %d\n%s", code, err, tt.code, out)
			}
			where := out
			if code == 2 {
				where = err.Error()
				if strings.Contains(where, "\n") {
					t.Errorf("error %q is not one line", where)
				}
			}
			if !strings.Contains(where, tt.want) {
				t.Errorf("want %q in %q", tt.want, where)
			}
		})
	}
}

// TestScanReportsReadableFilesWhenOneFails: an unreadable file makes the exit status 2
// but the others are still checked and printed.
func TestScanReportsReadableFilesWhenOneFails(t *testing.T) {
	dir := t.TempDir()
	leaky := writeFile(t, dir, "leaky.txt", []byte("Call 07700 900123.\n"))
	out, stderr, err := runCmd(t, env(), "scan", "--json", leaky, filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt"))
	if exitCode(err) != 2 || !strings.Contains(err.Error(), "2 of 3 files could not be read") {
		t.Fatalf("got %v", err)
	}
	if strings.Count(stderr, "\n") != 2 || !strings.Contains(stderr, "a.txt") || !strings.Contains(stderr, "b.txt") {
		t.Errorf("stderr should name each unreadable file on its own line:\n%s", stderr)
	}
	var got scanJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) != 1 || got[0].Findings[0].Kind != "phone" {
		t.Errorf("readable file not reported: %v\n%s", err, out)
	}
}

// TestScanHumanOutputMasks: the human output gives line, column and context, and never
// the personal data itself.
func TestScanHumanOutputMasks(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "notes.txt", []byte("Chronology\n\nOn 3 May the GP saw Kayleigh (CHI 0101011237) alone.\n"))
	out, _, err := runCmd(t, env(), "scan", path)
	if exitCode(err) != 1 {
		t.Fatalf("got %v", err)
	}
	for _, leaked := range []string{"Kayleigh", "0101011237"} {
		if strings.Contains(out, leaked) {
			t.Errorf("human output shows %q:\n%s", leaked, out)
		}
	}
	for _, want := range []string{"3:21", "person_name", "K•••••••", "3:35", "chi_number", "0•••••••••", "the GP saw"} {
		if !strings.Contains(out, want) {
			t.Errorf("human output lacks %q:\n%s", want, out)
		}
	}
}

func TestMask(t *testing.T) {
	for in, want := range map[string]string{
		"Jane Smith":               "J••• S••••",
		"jane.smith@example.co.uk": "j•••.s••••@e••••••.c•.u•",
		"G12 8QQ":                  "G•• 8••",
		"Łukasz":                   "Ł•••••",
	} {
		if got := mask(in); got != want {
			t.Errorf("mask(%q) = %q, want %q", in, got, want)
		}
	}
}
