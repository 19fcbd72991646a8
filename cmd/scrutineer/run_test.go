package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/internal/testutil"
)

// env returns a getenv over a map, so tests never see the machine's environment.
func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func runCmd(t *testing.T, getenv func(string) string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, getenv, &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestVersionAndHelp(t *testing.T) {
	out, _, err := runCmd(t, env(), "version")
	if err != nil || !strings.HasPrefix(out, "scrutineer ") {
		t.Fatalf("version: %q, %v", out, err)
	}
	out, _, err = runCmd(t, env(), "help")
	if err != nil || !strings.Contains(out, "serve") || !strings.Contains(out, "migrate") {
		t.Fatalf("help: %q, %v", out, err)
	}
}

func TestBadUsageExitsTwoWithOneLine(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	os.WriteFile(file, []byte("x"), 0o600)
	tests := []struct {
		name string
		env  func(string) string
		args []string
		want string
	}{
		{"no command", env(), nil, "no command"},
		{"unknown command", env(), []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"unknown flag", env(), []string{"serve", "--colour", "red"}, "unknown flag -colour"},
		{"stray argument", env(), []string{"migrate", "extra"}, `unexpected argument "extra"`},
		{"bad address", env(), []string{"serve", "--addr", "nonsense"}, "SCRUTINEER_ADDR must be HOST:PORT"},
		{"not a postgres url", env("SCRUTINEER_DATABASE_URL", "mysql://x"), []string{"migrate"}, "must be a postgres:// URL"},
		{"data folder is a file", env(), []string{"migrate", "--data", file}, "is a file, not a folder"},
		{"data folder parent missing", env(), []string{"migrate", "--data", filepath.Join(dir, "no", "such")}, "cannot create the data folder"},
		{"unreachable database", env("SCRUTINEER_DATABASE_URL", "postgres://nobody@127.0.0.1:1/none?connect_timeout=2"), []string{"migrate"}, "cannot reach the database"},
		{"bad workers", env("SCRUTINEER_WORKERS", "0"), []string{"config"}, "SCRUTINEER_WORKERS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runCmd(t, tt.env, tt.args...)
			if err == nil {
				t.Fatal("expected an error")
			}
			if code := exitCode(err); code != 2 {
				t.Errorf("exit status %d, want 2", code)
			}
			if msg := err.Error(); !strings.Contains(msg, tt.want) || strings.Contains(msg, "\n") {
				t.Errorf("error %q: want one line containing %q", msg, tt.want)
			}
		})
	}
}

func TestUnwritableDataFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can write anywhere; the permission check cannot fail as root")
	}
	dir := t.TempDir()
	os.Chmod(dir, 0o500)
	defer os.Chmod(dir, 0o700)
	_, _, err := runCmd(t, env(), "migrate", "--data", dir)
	if err == nil || !strings.Contains(err.Error(), "not writable") || exitCode(err) != 2 {
		t.Fatalf("got %v", err)
	}
}

func TestConfigRedactsSecrets(t *testing.T) {
	out, _, err := runCmd(t, env(
		"SCRUTINEER_DATABASE_URL", "postgres://scrutineer:hunter2-secret@db.example:5432/scrutineer",
		"SCRUTINEER_SMTP_URL", "smtp://mailer:smtp-secret@mail.example:587",
		"SCRUTINEER_KEY", "AGE-SECRET-KEY-1XYZ",
		"SCRUTINEER_OIDC_CLIENT_SECRET", "oidc-secret",
	), "config")
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"hunter2-secret", "smtp-secret", "AGE-SECRET-KEY", "oidc-secret"} {
		if strings.Contains(out, secret) {
			t.Errorf("config printed the secret %q:\n%s", secret, out)
		}
	}
	for _, want := range []string{"SCRUTINEER_DATABASE_URL=postgres://", "db.example:5432", "SCRUTINEER_KEY=[redacted]", "SCRUTINEER_ADDR=127.0.0.1:8080"} {
		if !strings.Contains(out, want) {
			t.Errorf("config lacks %q:\n%s", want, out)
		}
	}
}

func TestSecretFromFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "smtp")
	os.WriteFile(path, []byte("smtp://mail.example:25\n"), 0o600)
	out, _, err := runCmd(t, env("SCRUTINEER_SMTP_URL_FILE", path), "config")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "SCRUTINEER_SMTP_URL=smtp://mail.example:25") {
		t.Errorf("secret file not read:\n%s", out)
	}
}

func TestPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	data := filepath.Join(t.TempDir(), "data")
	_, _, err = runCmd(t, env("SCRUTINEER_ADMIN_ADDR", "off"), "serve", "--addr", ln.Addr().String(), "--data", data)
	if err == nil || !strings.Contains(err.Error(), "already in use") || exitCode(err) != 2 {
		t.Fatalf("got %v", err)
	}
	if _, err := os.Stat(data); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a port in use left the data folder behind: %v", err)
	}
}

// server is the whole program running in-process.
type server struct {
	base   string
	cancel context.CancelFunc
	done   chan error
	stdout *syncBuffer
}

// startProgram runs `scrutineer ARGS --addr 127.0.0.1:PORT` until the test ends.
func startProgram(t *testing.T, getenv func(string) string, args ...string) *server {
	t.Helper()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	s := &server{base: "http://" + addr, cancel: cancel, done: make(chan error, 1), stdout: &syncBuffer{}}
	go func() { s.done <- run(ctx, append(args, "--addr", addr), getenv, s.stdout, io.Discard) }()
	t.Cleanup(func() { s.stop(t) })
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(s.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		select {
		case err := <-s.done:
			t.Fatalf("program exited before it was ready: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready after 30s: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *server) stop(t *testing.T) {
	t.Helper()
	if s.cancel == nil {
		return
	}
	s.cancel()
	s.cancel = nil
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("program ended with %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Error("program did not stop within 30s of cancellation")
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestDemoServesOnBothEngines(t *testing.T) {
	engines := map[string]func(t *testing.T) []string{
		"sqlite":   func(t *testing.T) []string { return nil },
		"postgres": func(t *testing.T) []string { return []string{"SCRUTINEER_DATABASE_URL", testutil.NewPostgresURL(t)} },
	}
	for name, extra := range engines {
		t.Run(name, func(t *testing.T) {
			kv := append([]string{"SCRUTINEER_ADMIN_ADDR", "off", "SCRUTINEER_LOG_FORMAT", "text"}, extra(t)...)
			data := t.TempDir()
			s := startProgram(t, env(kv...), "demo", "--data", data)
			for _, path := range []string{"/healthz", "/readyz", "/", "/accessibility", "/privacy", "/login"} {
				if code, _ := get(t, s.base+path); code != http.StatusOK {
					t.Errorf("GET %s: %d", path, code)
				}
			}
			code, body := get(t, s.base+"/assets/vendor/sgds/design-system.min.css")
			if code != http.StatusOK || !strings.Contains(body, ".ds_") {
				t.Errorf("design-system CSS: %d, %d bytes", code, len(body))
			}
			if code, _ := get(t, s.base+"/no/such/page"); code != http.StatusNotFound {
				t.Errorf("missing page: %d", code)
			}
			for _, want := range []string{"admin@demo.scrutineer.test", "cpc.glasgow@demo.scrutineer.test", "demo-password-1"} {
				if !strings.Contains(s.stdout.String(), want) {
					t.Errorf("demo start-up output lacks %q", want)
				}
			}
			s.stop(t)
			// Seeding again is idempotent: a second start on the same data succeeds.
			s = startProgram(t, env(kv...), "demo", "--data", data)
			s.stop(t)
		})
	}
}

func TestMigrateThenServe(t *testing.T) {
	data := t.TempDir()
	out, _, err := runCmd(t, env(), "migrate", "--data", data)
	if err != nil || !strings.Contains(out, "schema version") {
		t.Fatalf("migrate: %q %v", out, err)
	}
	s := startProgram(t, env("SCRUTINEER_ADMIN_ADDR", "off", "SCRUTINEER_AUTO_MIGRATE", "off"), "serve", "--data", data)
	if code, _ := get(t, s.base+"/readyz"); code != http.StatusOK {
		t.Fatalf("readyz after migrate: %d", code)
	}
}

func TestReadyzIsUnavailableWhileMigrationsAreBehind(t *testing.T) {
	data := t.TempDir()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", addr, "--data", data}, env("SCRUTINEER_ADMIN_ADDR", "off", "SCRUTINEER_AUTO_MIGRATE", "off"), io.Discard, io.Discard)
	}()
	defer func() { cancel(); <-done }()
	// Wait for start-up to finish: /readyz then says why it is not ready.
	var code int
	var body string
	for i := 0; i < 400; i++ {
		if resp, err := http.Get("http://" + addr + "/readyz"); err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			code, body = resp.StatusCode, string(b)
			if body != "starting\n" {
				break
			}
		}
		time.Sleep(25 * time.Millisecond)
	}
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "migrations behind") {
		t.Fatalf("readyz on an empty database: %d %q", code, body)
	}
	if code, _ := get(t, "http://"+addr+"/healthz"); code != http.StatusOK {
		t.Fatalf("healthz: %d", code)
	}
	if _, _, err := runCmd(t, env(), "migrate", "--data", data); err != nil {
		t.Fatal(err)
	}
	if code, body := get(t, "http://"+addr+"/readyz"); code != http.StatusOK {
		t.Fatalf("readyz after migrate: %d %q", code, body)
	}
}

func TestMetricsOnAdminListener(t *testing.T) {
	admin := freeAddr(t)
	s := startProgram(t, env("SCRUTINEER_ADMIN_ADDR", admin), "serve", "--data", t.TempDir())
	get(t, s.base+"/")
	code, body := get(t, "http://"+admin+"/metrics")
	if code != http.StatusOK || !strings.Contains(body, `scrutineer_http_requests_total{method="GET",route="GET /{$}",status="200"}`) {
		t.Fatalf("metrics: %d\n%s", code, body)
	}
	if code, _ := get(t, s.base+"/metrics"); code != http.StatusNotFound {
		t.Errorf("metrics must not be on the public listener: %d", code)
	}
}

func TestShutdownLetsRequestsInFlightFinish(t *testing.T) {
	s := startProgram(t, env("SCRUTINEER_ADMIN_ADDR", "off"), "serve", "--data", t.TempDir())
	// A slow upload: the handler is running, reading the body, when the server is
	// told to stop; the answer must still arrive complete.
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := "email=someone%40example.org&password=not-the-right-one"
	fmt.Fprintf(conn, "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", len(body), body[:10])
	time.Sleep(100 * time.Millisecond)
	go s.cancel()
	time.Sleep(100 * time.Millisecond)
	fmt.Fprint(conn, body[10:])
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	b, _ := io.ReadAll(conn)
	if !strings.HasPrefix(string(b), "HTTP/1.1 422") || !strings.Contains(string(b), "</html>") {
		t.Fatalf("in-flight request did not finish: %q", firstLine(string(b)))
	}
	select {
	case err := <-s.done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("program did not stop")
	}
	s.cancel = nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
