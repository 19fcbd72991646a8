package crashtest

import (
	"context"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/internal/keys"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestDatabaseStoppedMidLoad stops PostgreSQL (immediately, as a failed database
// host) under a load of writes: pages and API calls answer 503 with a clear message
// while it is away, /healthz stays 200 and /readyz says 503; when it is back the
// service resumes by itself; and afterwards every acknowledged write is there, no
// change is half applied, and the audit chain verifies.
func TestDatabaseStoppedMidLoad(t *testing.T) {
	cluster := testutil.NewCluster(t)
	bin := binary(t)
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	os.Mkdir(dir, 0o700)
	addr, _ := FreeAddr()
	k := keys.Generate()
	srv := &Server{Bin: bin, Addr: addr, Env: []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"),
		"SCRUTINEER_DATA_DIR=" + dir, "SCRUTINEER_KEY=" + k.Identity().String(), "SCRUTINEER_ADMIN_ADDR=off",
		"SCRUTINEER_DATABASE_URL=" + cluster.URL, "SCRUTINEER_LOG_LEVEL=error", "SCRUTINEER_WORKERS=2"}}
	defer srv.Kill()
	if _, err := srv.Command(ctx, "migrate"); err != nil {
		t.Fatal(err)
	}
	link, err := srv.Command(ctx, "user", "add", "--email", email, "--role", "committee_officer", "--org", "glasgow-cpc", "--name", "Pat Officer")
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(ctx); err != nil {
		t.Fatal(err)
	}
	clients, checker, err := signUp(ctx, srv, link, 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range append(clients, checker) {
		if err := c.SignIn(ctx, "", email, password); err != nil {
			t.Fatal(err)
		}
	}
	l := newLedger()
	loadCtx, stopLoad := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for w, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.work(loadCtx, c, w, rand.New(rand.NewPCG(uint64(w), 7)))
		}()
	}
	time.Sleep(700 * time.Millisecond)
	if err := cluster.Stop(); err != nil {
		t.Fatal(err)
	}
	down := time.Now()
	checkOutage(t, srv, checker)
	if err := cluster.Start(); err != nil {
		t.Fatal(err)
	}
	back := time.Now()
	for {
		if _, err := checker.CreateDraft(ctx, "adult"); err == nil {
			break
		}
		if time.Since(back) > 60*time.Second {
			t.Fatal("the service did not resume within a minute of the database's return")
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("database away %s; service resumed %s after it returned", back.Sub(down).Round(time.Millisecond), time.Since(back).Round(time.Millisecond))
	time.Sleep(500 * time.Millisecond)
	stopLoad()
	wg.Wait()
	srv.Kill()
	opts := Options{Dir: dir, DatabaseURL: cluster.URL}
	checked, err := checkStopped(ctx, l, opts)
	if err != nil {
		t.Fatal(err)
	}
	out, err := srv.Command(ctx, "audit", "verify")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d writes acknowledged (answers by status %v), %d checked afterwards; %s", l.acked, l.refused, checked, strings.TrimSpace(out))
	if l.refused[http.StatusServiceUnavailable] == 0 {
		t.Error("no write was answered 503 while the database was away")
	}
	for code, n := range l.refused {
		if code >= 500 && code != http.StatusServiceUnavailable {
			t.Errorf("%d writes answered %d", n, code)
		}
	}
}

// checkOutage checks the answers while the database is away.
func checkOutage(t *testing.T, srv *Server, c *Client) {
	t.Helper()
	time.Sleep(300 * time.Millisecond) // let pooled connections notice
	base := "http://" + srv.Addr
	status := func(path string) (int, string) {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp.StatusCode, string(b)
	}
	if code, _ := status("/healthz"); code != 200 {
		t.Errorf("/healthz answered %d while the database was away", code)
	}
	if code, _ := status("/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz answered %d while the database was away", code)
	}
	_, err := c.CreateDraft(context.Background(), "child")
	se, ok := err.(*StatusError)
	if !ok || se.Code != http.StatusServiceUnavailable {
		t.Fatalf("API write while the database was away: %v, want 503", err)
	}
	var body struct {
		Error struct{ Code, Message string }
	}
	if json.Unmarshal([]byte(se.Body), &body) != nil || body.Error.Code != "unavailable" || !strings.Contains(body.Error.Message, "nothing you sent was saved") {
		t.Errorf("API 503 body: %s", se.Body)
	}
	req, _ := http.NewRequest(http.MethodGet, base+"/documents", nil)
	resp, err := c.web.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(b), "cannot reach its database") {
		t.Errorf("page while the database was away: %d", resp.StatusCode)
	}
}
