package keys

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadGeneratesOnceAndKeepsTheFilePrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	k1, err := Load("", dir)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", fi.Mode().Perm())
	}
	k2, err := Load("", dir)
	if err != nil {
		t.Fatal(err)
	}
	if k1.Fingerprint() != k2.Fingerprint() || k1.Identity().String() != k2.Identity().String() {
		t.Fatal("a second start read another key")
	}
	os.Chmod(filepath.Join(dir, FileName), 0o644)
	if _, err := Load("", dir); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a key file others can read was accepted: %v", err)
	}
}

func TestLoadConfiguredKey(t *testing.T) {
	g := Generate()
	k, err := Load("# comment\n"+g.Identity().String()+"\n", t.TempDir())
	if err != nil || k.Fingerprint() != g.Fingerprint() || k.Source != "SCRUTINEER_KEY" {
		t.Fatalf("configured key: %v %v", k, err)
	}
	if _, err := Load("not-a-key", t.TempDir()); err == nil || strings.Contains(err.Error(), "not-a-key") {
		t.Errorf("a bad key was accepted or echoed: %v", err)
	}
}

func TestSealOpen(t *testing.T) {
	k := Generate()
	s := k.Sealer(PurposeTOTP)
	sealed := s.Seal([]byte("JBSWY3DPEHPK3PXP"), "user-1")
	if strings.Contains(sealed, "JBSWY3DPEHPK3PXP") {
		t.Fatal("the secret shows through the seal")
	}
	got, err := s.Open(sealed, "user-1")
	if err != nil || string(got) != "JBSWY3DPEHPK3PXP" {
		t.Fatalf("open: %q %v", got, err)
	}
	if a, b := s.Seal([]byte("x"), "a"), s.Seal([]byte("x"), "a"); a == b {
		t.Error("two seals of one value are equal: the nonce is not random")
	}
	for name, open := range map[string]func() ([]byte, error){
		"other context": func() ([]byte, error) { return s.Open(sealed, "user-2") },
		"other purpose": func() ([]byte, error) { return k.Sealer(PurposeThrottle).Open(sealed, "user-1") },
		"other key":     func() ([]byte, error) { return Generate().Sealer(PurposeTOTP).Open(sealed, "user-1") },
		"altered":       func() ([]byte, error) { return s.Open(sealed[:len(sealed)-2]+"AA", "user-1") },
		"not sealed":    func() ([]byte, error) { return s.Open("JBSWY3DPEHPK3PXP", "user-1") },
	} {
		if _, err := open(); err != ErrOpen {
			t.Errorf("%s: %v, want ErrOpen", name, err)
		}
	}
}

func TestDerivedKeysDifferByPurpose(t *testing.T) {
	k := Generate()
	if string(k.Derive(PurposeTOTP)) == string(k.Derive(PurposeThrottle)) || len(k.Derive(PurposeTOTP)) != 32 {
		t.Fatal("sub-keys of two purposes are equal")
	}
	if a, b := k.MAC(PurposeThrottle, "a@b.c"), k.MAC(PurposeThrottle, "a@b.c"); a != b || a == Generate().MAC(PurposeThrottle, "a@b.c") {
		t.Fatal("MAC is not a stable keyed pseudonym")
	}
}
