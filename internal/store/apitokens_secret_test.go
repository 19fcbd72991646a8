package store

import (
	"strings"
	"testing"
)

func TestNewAPITokenSecret(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		s := newAPITokenSecret()
		if len(s) != apiTokenLen || !strings.HasPrefix(s, APITokenPrefix) || !wellFormedAPIToken(s) || seen[s] {
			t.Fatalf("bad or repeated token %q", s)
		}
		if strings.Trim(s[len(APITokenPrefix):], "abcdefghijklmnopqrstuvwxyz234567") != "" {
			t.Fatalf("%q has characters outside lower-case base32", s)
		}
		seen[s] = true
	}
}

// FuzzWellFormedAPIToken: the shape check never panics, and accepts only strings of
// the right length and prefix whose checksum matches, so one changed character of a
// real token is refused.
func FuzzWellFormedAPIToken(f *testing.F) {
	token := newAPITokenSecret()
	for _, seed := range []string{token, "", "scr_", strings.ToUpper(token), token[:len(token)-1] + "!", "scr_" + strings.Repeat("a", 59), "Bearer " + token} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !wellFormedAPIToken(s) {
			return
		}
		if len(s) != apiTokenLen || !strings.HasPrefix(s, APITokenPrefix) {
			t.Fatalf("accepted %q", s)
		}
		body := s[len(APITokenPrefix) : len(APITokenPrefix)+tokenBodyLen]
		if s[len(APITokenPrefix)+tokenBodyLen:] != tokenCheck(body) {
			t.Fatalf("accepted %q with a wrong checksum", s)
		}
	})
}
