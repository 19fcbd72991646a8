// Package keys holds the service key: one age X25519 identity from which every
// secret the service keeps at rest is protected. Documents are encrypted to the
// identity with age; small secrets (TOTP seeds) are sealed with AES-256-GCM under
// sub-keys derived from it with HKDF-SHA256, one per purpose, so that a key used for
// one kind of secret can never open another.
package keys

import (
	"bufio"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"
)

// FileName is the file in the data folder that holds a generated key.
const FileName = "scrutineer.key"

// Purposes of derived sub-keys. Each purpose names one kind of secret; a new kind of
// secret adds its own purpose rather than reusing one.
const (
	PurposeTOTP     = "totp-secrets"
	PurposeThrottle = "login-throttle"
	PurposeCheck    = "key-check"
)

// Keys is the loaded service key.
type Keys struct {
	identity *age.X25519Identity
	// Source says where the key came from, for the start-up log: "SCRUTINEER_KEY",
	// "generated" or the path of the file.
	Source string
}

// Load returns the service key: configured (the value of SCRUTINEER_KEY or
// SCRUTINEER_KEY_FILE, an age identity "AGE-SECRET-KEY-1..."), or else read from
// DATA_DIR/scrutineer.key, or else generated into that file (mode 0600) on first
// start. A key file others may read is refused, as ssh refuses such a private key.
func Load(configured, dataDir string) (*Keys, error) {
	if s := strings.TrimSpace(configured); s != "" {
		id, err := parse(s)
		if err != nil {
			return nil, fmt.Errorf("SCRUTINEER_KEY is not an age identity (AGE-SECRET-KEY-1...; make one with age-keygen)")
		}
		return &Keys{identity: id, Source: "SCRUTINEER_KEY"}, nil
	}
	path := filepath.Join(dataDir, FileName)
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		fi, err := os.Stat(path)
		if err != nil {
			return nil, err
		}
		if fi.Mode().Perm()&0o077 != 0 {
			return nil, fmt.Errorf("the key file %s can be read by others: chmod 600 it", path)
		}
		id, err := parse(string(b))
		if err != nil {
			return nil, fmt.Errorf("the key file %s holds no age identity", path)
		}
		return &Keys{identity: id, Source: path}, nil
	case errors.Is(err, os.ErrNotExist):
		return generate(path)
	default:
		return nil, fmt.Errorf("cannot read the key file %s: %v", path, errors.Unwrap(err))
	}
}

// generate writes a new identity to path. O_EXCL makes two processes starting at once
// on one data folder agree: the loser reads the winner's key.
func generate(path string) (*Keys, error) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, err
	}
	// NOTE: only the data folder itself is made, as for the database: a mistyped
	// path with a missing parent fails instead of growing a tree somewhere.
	if err := os.Mkdir(filepath.Dir(path), 0o700); err != nil && !errors.Is(err, os.ErrExist) {
		return nil, fmt.Errorf("cannot create the data folder for the key: %v", errors.Unwrap(err))
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return Load("", filepath.Dir(path))
	}
	if err != nil {
		return nil, fmt.Errorf("cannot create the key file %s: %v", path, errors.Unwrap(err))
	}
	fmt.Fprintf(f, "# Scrutineer service key, created %s.\n# public key: %s\n# Keep it secret and back it up apart from the data it protects.\n%s\n",
		time.Now().UTC().Format(time.RFC3339), id.Recipient(), id)
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	return &Keys{identity: id, Source: "generated " + path}, nil
}

// parse reads an identity from text that may carry comment lines, as age-keygen
// writes them.
func parse(s string) (*age.X25519Identity, error) {
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		return age.ParseX25519Identity(line)
	}
	return nil, errors.New("no identity")
}

// New returns keys for an identity string; for tests and tools.
func New(identity string) (*Keys, error) {
	id, err := parse(identity)
	if err != nil {
		return nil, err
	}
	return &Keys{identity: id, Source: "given"}, nil
}

// Generate returns a fresh key held only in memory; for tests.
func Generate() *Keys {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		panic(err)
	}
	return &Keys{identity: id, Source: "memory"}
}

// Identity is the age identity, for encrypting and decrypting files.
func (k *Keys) Identity() *age.X25519Identity { return k.identity }

// Recipient is the identity's public half, to encrypt files to.
func (k *Keys) Recipient() *age.X25519Recipient { return k.identity.Recipient() }

// Derive returns the 32-byte sub-key for purpose (HKDF-SHA256 over the identity).
func (k *Keys) Derive(purpose string) []byte {
	key, err := hkdf.Key(sha256.New, []byte(k.identity.String()), []byte("scrutineer"), "scrutineer/"+purpose, 32)
	if err != nil {
		panic(err) // only for lengths HKDF cannot produce
	}
	return key
}

// Fingerprint identifies the key without revealing it, so that the processes sharing
// a database can check that they hold the same key.
func (k *Keys) Fingerprint() string {
	m := hmac.New(sha256.New, k.Derive(PurposeCheck))
	m.Write([]byte("fingerprint"))
	return hex.EncodeToString(m.Sum(nil))[:32]
}

// Sealer seals small secrets for one purpose with AES-256-GCM.
type Sealer struct{ aead cipher.AEAD }

// Sealer returns the sealer of purpose.
func (k *Keys) Sealer(purpose string) *Sealer {
	block, err := aes.NewCipher(k.Derive(purpose))
	if err != nil {
		panic(err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return &Sealer{aead: aead}
}

// sealVersion prefixes sealed text so the format can change later.
const sealVersion = "v1:"

// Seal encrypts plaintext bound to context (such as the owning record's ID: a sealed
// value copied to another record does not open) and returns printable text.
func (s *Sealer) Seal(plaintext []byte, context string) string {
	nonce := make([]byte, s.aead.NonceSize())
	rand.Read(nonce)
	out := s.aead.Seal(nonce, nonce, plaintext, []byte(context))
	return sealVersion + base64.RawStdEncoding.EncodeToString(out)
}

// ErrOpen is returned for a sealed value that does not open: altered, sealed under
// another key or context, or not sealed at all.
var ErrOpen = errors.New("keys: the sealed value does not open with this key")

// Open decrypts what Seal returned for the same context.
func (s *Sealer) Open(sealed, context string) ([]byte, error) {
	raw, ok := strings.CutPrefix(sealed, sealVersion)
	if !ok {
		return nil, ErrOpen
	}
	b, err := base64.RawStdEncoding.DecodeString(raw)
	if err != nil || len(b) < s.aead.NonceSize()+s.aead.Overhead() {
		return nil, ErrOpen
	}
	n := s.aead.NonceSize()
	out, err := s.aead.Open(nil, b[:n], b[n:], []byte(context))
	if err != nil {
		return nil, ErrOpen
	}
	return out, nil
}

// MAC returns the hex HMAC-SHA256 of msg under the sub-key of purpose: a stable
// pseudonym for a value (such as a typed email address) that must be matched but not
// stored.
func (k *Keys) MAC(purpose, msg string) string {
	m := hmac.New(sha256.New, k.Derive(purpose))
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}
