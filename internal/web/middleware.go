package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/scrutineer/scrutineer"
)

// maxBodyBytes bounds ordinary request bodies; upload routes set their own limit.
const maxBodyBytes = 1 << 20

type requestIDKey struct{}

// middleware wraps every request: request ID, access log, panic recovery, security
// headers, body limit and cross-origin protection of state-changing requests.
func (s *Server) middleware(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(s.h(func(w http.ResponseWriter, r *http.Request) error {
		return scrutineer.Errorf(scrutineer.EFORBIDDEN, "This form was sent from another website, so it was not accepted. Go back to the page in Scrutineer and try again.")
	}))
	protected := cop.Handler(s.withCaller(next))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := newRequestID()
		info := &requestInfo{}
		ctx := context.WithValue(withRequestID(r.Context(), id), requestInfoKey{}, info)
		ctx = scrutineer.NewContextWithRequestMeta(ctx, scrutineer.RequestMeta{ClientAddr: clientAddr(r), RequestID: id})
		r = r.WithContext(ctx)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		s.securityHeaders(rec.Header())
		rec.Header().Set("X-Request-Id", id)
		if r.Body != nil {
			r.Body = &limitedBody{ReadCloser: http.MaxBytesReader(rec, r.Body, s.bodyLimit(r)), info: info}
		}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Logger.Error("panic", "request_id", id, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if !rec.wrote {
					s.fail(rec, r, fmt.Errorf("panic: %v", v))
				}
			}
			// NOTE: the route pattern is logged, not the path or query string, which
			// could carry record identifiers or search terms typed by a user.
			elapsed := time.Since(start)
			s.Logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("request_id", id),
				slog.String("method", r.Method),
				slog.String("route", info.pattern),
				slog.Int("status", rec.status),
				slog.Duration("duration", elapsed),
			)
			s.Metrics.observe(info.pattern, r.Method, rec.status, elapsed)
		}()
		if err := checkRequestText(r); err != nil {
			s.fail(rec, r, err)
			return
		}
		protected.ServeHTTP(rec, r)
	})
}

func (s *Server) securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	// NOTE: nothing is cacheable unless a handler says so (static assets do): pages
	// and API answers carry records of children and adults, and a shared or browser
	// cache must not keep them, whatever the status or whoever asked.
	h.Set("Cache-Control", "no-store")
	if s.SecureCookies {
		h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
	}
}

func newRequestID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// limitedBody notes in the request's info when a read ran past the body limit.
type limitedBody struct {
	io.ReadCloser
	info *requestInfo
}

func (b *limitedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	var mbe *http.MaxBytesError
	if err != nil && errors.As(err, &mbe) {
		b.info.bodyTooLarge = true
	}
	return n, err
}

// statusRecorder remembers the status for the access log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// clientAddr is the caller's IP address, for throttling and the audit trail.
// NOTE: X-Forwarded-For is not trusted: a reverse proxy in front of Scrutineer must
// connect from the address it forwards for, or throttling sees only the proxy.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
