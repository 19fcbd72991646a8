package auth

import (
	"strings"
	"testing"
)

func TestCheckNewPassword(t *testing.T) {
	tests := []struct {
		password string
		personal []string
		want     string // a fragment of the problem, or "" for acceptable
	}{
		{"", nil, "Enter a password"},
		{"short", nil, "12 characters or more"},
		{"elevenchars", nil, "12 characters or more"},
		{strings.Repeat("a", 257), nil, "256 characters or fewer"},
		{"            ", nil, "only spaces"},
		{"1qaz2wsx3edc", nil, "most common"},
		{"qwertyuiop123", nil, "most common"},
		{"PASSWORD1234", nil, "most common"},
		{"baseball123456", nil, "most common"},
		{"aaaaaaaaaaaa", nil, "easy to guess"},
		{"123456789012", nil, "easy to guess"},
		{"isla.fraser.2026", []string{"isla.fraser@example.org", "Isla Fraser"}, "name or email"},
		{"my-Fraser-password!", []string{"isla@example.org", "Isla Fraser"}, "name or email"},
		{"gravel lantern otter spoon", []string{"isla@example.org", "Isla Fraser"}, ""},
		{"test-password-long-enough", nil, ""},
		{"correct horse battery staple", []string{"al@example.org", "Al Bo"}, ""},
		{strings.Repeat("xq7", 30), nil, ""},
	}
	for _, tt := range tests {
		got := CheckNewPassword(tt.password, tt.personal...)
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("%q: got %q, want %q", tt.password, got, tt.want)
		}
	}
}

func BenchmarkCheckNewPassword(b *testing.B) {
	for b.Loop() {
		CheckNewPassword("gravel lantern otter spoon tree house", "isla.fraser@example.org", "Isla Fraser")
	}
}
