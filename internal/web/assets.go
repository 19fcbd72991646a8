package web

import (
	"embed"
	"io/fs"
	"net/http"
)

// static holds the project's own CSS and script and, under vendor/, the design
// system's built files copied in from node_modules by make (never committed).
//
//go:embed static
var static embed.FS

func (s *Server) assets() http.Handler {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the embedded folder always exists
	}
	files := http.StripPrefix("/assets/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})
}
