package main

import (
	"bytes"
	"fmt"
	"html/template"
	"net"
	"net/http"
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

// serveBare starts the bare handler of a page of about size bytes on loopback and
// returns its address and a function that stops it. It renders the template on
// every request, as a real handler does.
func serveBare(size int) (string, func(), error) {
	page := newBarePage(size)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		// An error here is a client gone at the end of a run: nothing to answer.
		bareTemplate.Execute(w, page)
	})}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}
