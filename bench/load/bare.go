package main

import (
	"bufio"
	"bytes"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// bareTemplate is a page with a heading and a table, the shape of most of
// Scrutineer's pages, without any of its middleware, session or queries.
var bareTemplate = template.Must(template.New("bare").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title>
<link rel="stylesheet" href="/assets/app.css"></head>
<body><main id="main-content" class="ds_layout"><h1 class="ds_page-header__title">{{.Title}}</h1>
<table class="ds_table"><caption>{{.Title}}</caption><thead><tr><th scope="col">Reference</th><th scope="col">Committee</th><th scope="col">Status</th><th scope="col">Referral</th></tr></thead><tbody>
{{range .Rows}}<tr><td><a href="/learning-reviews/{{.ID}}">{{.ID}}</a></td><td>{{.Committee}}</td><td><strong class="ds_tag">{{.Status}}</strong></td><td>{{.Date}}</td></tr>
{{end}}</tbody></table></main></body></html>`))

type bareRow struct{ ID, Committee, Status, Date string }

type barePage struct {
	Title string
	Rows  []bareRow
}

// newBarePage returns page data that renders to about size bytes.
func newBarePage(size int) barePage {
	p := barePage{Title: "Learning reviews"}
	var b bytes.Buffer
	for {
		b.Reset()
		bareTemplate.Execute(&b, p)
		if b.Len() >= size {
			return p
		}
		n := len(p.Rows)
		p.Rows = append(p.Rows, bareRow{ID: fmt.Sprintf("0193a1b2-%04d-7000-8000-%012d", n, n), Committee: "Glasgow Child Protection Committee & partners",
			Status: "Decision notified", Date: fmt.Sprintf("2025-%02d-%02d", 1+n%12, 1+n%28)})
	}
}

// serveBare starts the bare handler of a page of about size bytes in a process of
// its own, as the server is, so that neither shares a Go runtime with the load
// (a bare handler inside the tool was scheduled with the clients and looked
// faster than it is). It returns the address and a function that stops it.
func serveBare(size int) (string, func(), error) {
	self, err := os.Executable()
	if err != nil {
		return "", nil, err
	}
	cmd := exec.Command(self, "-serve-bare", strconv.Itoa(size))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() { cmd.Process.Kill(); cmd.Wait() }
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		stop()
		return "", nil, fmt.Errorf("bare handler: %w", err)
	}
	return strings.TrimSpace(addr), stop, nil
}

// serveBareProcess is the bare handler's process: it prints its address and
// serves until killed. It renders the template on every request, as a real
// handler does.
func serveBareProcess(size int) {
	page := newBarePage(size)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "bare handler:", err)
		os.Exit(1)
	}
	fmt.Println("http://" + ln.Addr().String())
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		// An error here is a client gone at the end of a run: nothing to answer.
		bareTemplate.Execute(w, page)
	})}
	srv.Serve(ln)
}
