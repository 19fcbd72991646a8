package crashtest

import (
	"context"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/keys"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestTwoServersOnePostgres runs two `scrutineer serve` processes on one PostgreSQL
// database and one document folder, with writers spread over both: a session made
// on one works on the other; every background job (document checks, emails) runs
// exactly once; and when one process is killed under load, nothing either of them
// acknowledged is lost.
func TestTwoServersOnePostgres(t *testing.T) {
	dbURL := testutil.NewPostgresURL(t)
	bin := binary(t)
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	os.Mkdir(dir, 0o700)
	k := keys.Generate()
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "SCRUTINEER_DATA_DIR=" + dir,
		"SCRUTINEER_KEY=" + k.Identity().String(), "SCRUTINEER_ADMIN_ADDR=off", "SCRUTINEER_DATABASE_URL=" + dbURL,
		"SCRUTINEER_LOG_LEVEL=warn", "SCRUTINEER_WORKERS=3"}
	var servers [2]*Server
	for i := range servers {
		addr, _ := FreeAddr()
		servers[i] = &Server{Bin: bin, Addr: addr, Env: env}
		defer servers[i].Kill()
	}
	a, b := servers[0], servers[1]
	if _, err := a.Command(ctx, "migrate"); err != nil {
		t.Fatal(err)
	}
	link, err := a.Command(ctx, "user", "add", "--email", email, "--role", "committee_officer", "--org", "glasgow-cpc", "--name", "Pat Officer")
	if err != nil {
		t.Fatal(err)
	}
	enqueueEmails(t, dbURL, 20)
	for _, s := range servers {
		if err := s.Start(ctx); err != nil {
			t.Fatal(err)
		}
	}
	clientsA, checker, err := signUp(ctx, a, link, 4)
	if err != nil {
		t.Fatal(err)
	}
	// A session made on A, used on B: the same cookie jar and token, B's address.
	if err := checker.SignIn(ctx, "", email, password); err != nil {
		t.Fatal(err)
	}
	onB := checker.at("http://" + b.Addr)
	if status, err := onB.DocumentStatus(ctx, "no-such-document"); err != nil || status != http.StatusNotFound {
		t.Fatalf("A's session on B: %d %v (a sign-in redirect would be 303)", status, err)
	}
	clients := []*Client{clientsA[0], clientsA[1].at("http://" + b.Addr), clientsA[2], clientsA[3].at("http://" + b.Addr)}
	for _, c := range clients {
		if err := c.SignIn(ctx, "", email, password); err != nil {
			t.Fatal(err)
		}
	}

	l := newLedger()
	run := func(d time.Duration, killA bool) {
		loadCtx, stop := context.WithCancel(ctx)
		var wg sync.WaitGroup
		for w, c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				l.work(loadCtx, c, w, rand.New(rand.NewPCG(uint64(w), 11)))
			}()
		}
		time.Sleep(d)
		if killA {
			a.Kill()
			time.Sleep(d) // B goes on alone
		}
		stop()
		wg.Wait()
	}
	run(1500*time.Millisecond, false)
	jobsOnce(t, dbURL)
	run(800*time.Millisecond, true)
	b.Kill()
	checked, err := checkStopped(ctx, l, Options{Dir: dir, DatabaseURL: dbURL})
	if err != nil {
		t.Fatal(err)
	}
	out, err := b.Command(ctx, "audit", "verify")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("two servers: %d writes acknowledged (refused by status %v), %d checked after A was killed; %s", l.acked, l.refused, checked, strings.TrimSpace(out))
	for code := range l.refused {
		if code >= 500 {
			t.Errorf("%d writes answered %d", l.refused[code], code)
		}
	}
}

// at returns a client of the same person (cookies and token) at another server.
func (c *Client) at(base string) *Client {
	d := *c
	d.Base = base
	return &d
}

// enqueueEmails puts n emails in the outbox before the servers start.
func enqueueEmails(t *testing.T, dbURL string, n int) {
	t.Helper()
	db, err := store.Open(context.Background(), store.Options{URL: dbURL})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	q := store.NewJobs(db)
	for i := range n {
		e := &scrutineer.Email{To: "reader" + string(rune('a'+i)) + "@example.org", Subject: "Two servers", Text: "Hello"}
		if _, err := q.EnqueueEmail(auth.SystemContext(context.Background()), e); err != nil {
			t.Fatal(err)
		}
	}
}

// jobsOnce waits until every due job is done and checks each ran exactly once:
// claimed once (one attempt) and done.
func jobsOnce(t *testing.T, dbURL string) {
	t.Helper()
	db, err := store.Open(context.Background(), store.Options{URL: dbURL})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	deadline := time.Now().Add(30 * time.Second)
	for {
		// NOTE: periodic jobs (deadline checks, reminders) are queued for their next
		// slot too; only jobs already due count. Their IDs name kind and slot, so
		// two servers scheduling the same run keep one job.
		var waiting, total, periodic, once int
		err := db.Reader().QueryRow(`SELECT COUNT(*) FILTER (WHERE status <> 'done'), COUNT(*), COUNT(*) FILTER (WHERE id LIKE '%@%'),
			COUNT(*) FILTER (WHERE attempts = 1) FROM jobs WHERE run_after <= now()`).Scan(&waiting, &total, &periodic, &once)
		if err != nil {
			t.Fatal(err)
		}
		if waiting == 0 {
			if once != total {
				t.Fatalf("%d of %d jobs ran more than once", total-once, total)
			}
			t.Logf("%d background jobs over two servers (%d periodic runs), each run exactly once", total, periodic)
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d jobs still not done", waiting, total)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
