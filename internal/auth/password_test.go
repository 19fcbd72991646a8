package auth

import (
	"strings"
	"testing"
)

func TestHashAndCheckPassword(t *testing.T) {
	h, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=2,p=1$") {
		t.Fatalf("unexpected encoding %q", h)
	}
	if ok, err := CheckPassword(h, "correct horse battery staple"); !ok || err != nil {
		t.Fatalf("right password refused: %v %v", ok, err)
	}
	if ok, _ := CheckPassword(h, "correct horse battery stapler"); ok {
		t.Fatal("wrong password accepted")
	}
	h2, _ := HashPassword("correct horse battery staple")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
}

func TestCheckPasswordRejectsMalformedHashes(t *testing.T) {
	for _, h := range []string{"", "plain", "$argon2i$v=19$m=65536,t=2,p=1$c2FsdA$a2V5", "$argon2id$v=18$m=65536,t=2,p=1$c2FsdA$a2V5", "$argon2id$v=19$m=x$c2FsdA$a2V5", "$argon2id$v=19$m=65536,t=2,p=1$!!$a2V5", "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$"} {
		if ok, err := CheckPassword(h, "x"); ok || err != ErrMalformedHash {
			t.Errorf("%q: got %v, %v", h, ok, err)
		}
	}
}

func TestTokensAreRandomAndHashed(t *testing.T) {
	a, b := NewToken(), NewToken()
	if a == b || len(a) < 40 {
		t.Fatalf("weak tokens %q %q", a, b)
	}
	again := a
	if HashToken(a) == a || len(HashToken(a)) != 64 || HashToken(a) != HashToken(again) || HashToken(a) == HashToken(b) {
		t.Fatal("token hash is not a stable SHA-256 hex digest")
	}
}

func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		HashPassword("correct horse battery staple")
	}
}
