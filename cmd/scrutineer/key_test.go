package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/keys"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// keyWorld is a migrated data folder with a generated key, documents and a regulator
// with two-factor authentication.
type keyWorld struct {
	data   string
	secret string
	docs   map[string][]byte // by SHA-256
}

func newKeyWorld(t *testing.T) *keyWorld {
	t.Helper()
	ctx := context.Background()
	w := &keyWorld{data: filepath.Join(t.TempDir(), "data"), docs: map[string][]byte{}}
	if _, _, err := runCmd(t, env(), "migrate", "--data", w.data); err != nil {
		t.Fatal(err)
	}
	cfg, err := loadConfig(env(), &serverFlags{data: w.data})
	if err != nil {
		t.Fatal(err)
	}
	db, err := openStore(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	k, err := keys.Load("", w.data)
	if err != nil {
		t.Fatal(err)
	}
	login := store.NewLogin(db, k)
	if err := login.CheckServiceKey(ctx); err != nil {
		t.Fatal(err)
	}
	org := testutil.MustCreateOrganisation(t, db, "key-test-regulator", scrutineer.KindRegulator)
	u := testutil.MustCreateUser(t, db, "inspector@example.org", org, scrutineer.RoleInspector)
	totp, err := auth.NewTOTPKey(u.Email)
	if err != nil {
		t.Fatal(err)
	}
	w.secret = totp.Secret
	if err := login.SetTOTPSecret(auth.SystemContext(ctx), u.ID, w.secret); err != nil {
		t.Fatal(err)
	}
	bs, err := newBlobStore(cfg, k)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 6 {
		doc := bytes.Repeat([]byte{byte('a' + i)}, 100000*(i+1))
		ref, err := bs.Put(ctx, bytes.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		w.docs[ref.SHA256] = doc
	}
	return w
}

// check opens every document and signs the regulator in with a code, with the key
// now in the data folder.
func (w *keyWorld) check(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	cfg, _ := loadConfig(env(), &serverFlags{data: w.data})
	k, err := keys.Load("", w.data)
	if err != nil {
		t.Fatal(err)
	}
	bs, err := newBlobStore(cfg, k)
	if err != nil {
		t.Fatal(err)
	}
	for sum, want := range w.docs {
		rc, err := bs.Open(ctx, sum)
		if err != nil {
			t.Fatalf("document %s: %v", sum[:8], err)
		}
		got, err := io.ReadAll(rc)
		rc.Close()
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("document %s: %v", sum[:8], err)
		}
	}
	db, err := openStore(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	login := store.NewLogin(db, k)
	code, _ := auth.TOTPCode(w.secret, time.Now())
	meta := scrutineer.NewContextWithRequestMeta(ctx, scrutineer.RequestMeta{ClientAddr: "192.0.2.1", RequestID: "test"})
	res, err := login.SignInWithPassword(meta, "inspector@example.org", testutil.Password, code, "/")
	if err != nil || res.Next != scrutineer.LoginComplete {
		t.Fatalf("two-factor sign-in: %+v, %v", res, err)
	}
}

func TestKeyRotateResumesAndServes(t *testing.T) {
	w := newKeyWorld(t)
	keyPath := filepath.Join(w.data, keys.FileName)
	before, _ := os.ReadFile(keyPath)
	fp, _, err := runCmd(t, env(), "key", "show-fingerprint", "--data", w.data)
	if err != nil {
		t.Fatal(err)
	}

	// A rotation that stops half-way changes nothing anyone relies on.
	rotateAfter = func(done int) error {
		if done == 3 {
			return errors.New("power cut")
		}
		return nil
	}
	_, _, err = runCmd(t, env(), "key", "rotate", "--data", w.data)
	rotateAfter = nil
	if err == nil || !strings.Contains(err.Error(), "run it again to resume") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("interrupted rotation: %v", err)
	}
	if now, _ := os.ReadFile(keyPath); !bytes.Equal(now, before) {
		t.Fatal("an interrupted rotation replaced the key file")
	}

	out, stderr, err := runCmd(t, env(), "key", "rotate", "--data", w.data)
	if err != nil {
		t.Fatalf("resumed rotation: %v", err)
	}
	if !strings.Contains(stderr, "resuming") || !strings.Contains(stderr, "re-encrypted 3 documents (3 already done), re-sealed 1 two-factor secrets") {
		t.Errorf("stderr: %s", stderr)
	}
	newFP, _, _ := runCmd(t, env(), "key", "show-fingerprint", "--data", w.data)
	if out != newFP || newFP == fp {
		t.Errorf("printed %q; fingerprint was %q, is %q", out, fp, newFP)
	}
	olds, _ := filepath.Glob(keyPath + ".old-*")
	if len(olds) != 1 {
		t.Fatalf("old keys kept: %v", olds)
	}
	if fi, _ := os.Stat(olds[0]); fi.Mode().Perm() != 0o600 {
		t.Errorf("old key mode %v", fi.Mode().Perm())
	}
	if old, _ := os.ReadFile(olds[0]); !bytes.Equal(old, before) {
		t.Error("the kept old key is not the old key")
	}
	if _, err := os.Stat(filepath.Join(w.data, newKeyName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the pending key file is left: %v", err)
	}
	w.check(t)
	startProgram(t, env("SCRUTINEER_ADMIN_ADDR", "off"), "serve", "--data", w.data)
}

func TestKeyRotateWithConfiguredKey(t *testing.T) {
	w := newKeyWorld(t)
	keyPath := filepath.Join(w.data, keys.FileName)
	old, _ := os.ReadFile(keyPath)
	// The operator moves the generated key into configuration.
	os.Remove(keyPath)
	out, stderr, err := runCmd(t, env("SCRUTINEER_KEY", string(old)), "key", "rotate", "--data", w.data)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "AGE-SECRET-KEY-1") || !strings.Contains(stderr, "Install it as SCRUTINEER_KEY") {
		t.Fatalf("stdout %q, stderr %q", out, stderr)
	}
	// The operator installs the printed key (here: as the data folder's key file).
	os.WriteFile(keyPath, []byte(out), 0o600)
	w.check(t)
	if _, _, err := runCmd(t, env("SCRUTINEER_KEY", string(old)), "key", "show-fingerprint", "--data", w.data); err != nil {
		t.Fatal(err)
	}
	// Run again before the new key is installed, it prints the same key.
	again, _, err := runCmd(t, env("SCRUTINEER_KEY", string(old)), "key", "rotate", "--data", w.data)
	if err != nil || again != out {
		t.Errorf("run again: %v", err)
	}
	// Run with the new key installed, it says the rotation is over.
	_, _, err = runCmd(t, env("SCRUTINEER_KEY", out), "key", "rotate", "--data", w.data)
	if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), "the rotation is complete") {
		t.Errorf("run with the new key: %v", err)
	}
}

func TestKeyCommandRefusals(t *testing.T) {
	w := newKeyWorld(t)
	empty := filepath.Join(t.TempDir(), "empty")
	os.Mkdir(empty, 0o700)
	tests := []struct {
		name string
		env  func(string) string
		args []string
		want string
	}{
		{"no subcommand", env(), []string{"key"}, "use scrutineer key rotate"},
		{"stray argument", env(), []string{"key", "rotate", "--data", w.data, "now"}, `unexpected argument "now"`},
		{"missing key", env(), []string{"key", "rotate", "--data", empty}, "no service key"},
		{"not a key", env("SCRUTINEER_KEY", "hunter2"), []string{"key", "rotate", "--data", w.data}, "not an age identity"},
		{"another key", env("SCRUTINEER_KEY", keys.Generate().Identity().String()), []string{"key", "rotate", "--data", w.data}, "not the one this database was set up with"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runCmd(t, tt.env, tt.args...)
			if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("got %v, want one line with %q, exit 2", err, tt.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(empty, keys.FileName)); !errors.Is(err, os.ErrNotExist) {
		t.Error("a key command made a key")
	}
	w.check(t)
}
