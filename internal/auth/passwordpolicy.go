package auth

import (
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"
	"github.com/trustelem/zxcvbn/frequency"
)

// Limits on a new password. NOTE: following NCSC and NIST SP 800-63B, there are no
// composition rules (a capital, a digit, a symbol); length and a check against
// passwords people are known to choose do more and annoy less.
const (
	MinPasswordLength = 12
	// MaxPasswordLength bounds the work of hashing; passphrases fit easily.
	MaxPasswordLength = 256
	// minGuessScore is zxcvbn's score a password must reach: 3 is "safely
	// unguessable" (about 10^8 guesses), enough against online guessing, which
	// throttling and argon2id slow further.
	minGuessScore = 3
	// strengthCheckLimit is the length beyond which the strength estimate is not run:
	// its cost grows with length and a passphrase this long is not guessable anyway.
	strengthCheckLimit = 64
)

var (
	commonOnce sync.Once
	common     map[string]bool
)

// commonPasswords is the set of passwords in zxcvbn's frequency list (about 30,000
// taken from real password leaks), lower case, built on first use.
func commonPasswords() map[string]bool {
	commonOnce.Do(func() {
		list := frequency.FrequencyLists["passwords"]
		common = make(map[string]bool, len(list))
		for _, p := range list {
			common[strings.ToLower(p)] = true
		}
	})
	return common
}

// CheckNewPassword returns the problem with password as a new password for the person
// with these details (email address and name), in plain words to show next to the
// field, or "" when it is acceptable.
func CheckNewPassword(password string, personal ...string) string {
	n := utf8.RuneCountInString(password)
	switch {
	case password == "":
		return "Enter a password"
	case !utf8.ValidString(password):
		return "Password must be ordinary text"
	case n < MinPasswordLength:
		return fmt.Sprintf("Password must be %d characters or more", MinPasswordLength)
	case n > MaxPasswordLength:
		return fmt.Sprintf("Password must be %d characters or fewer", MaxPasswordLength)
	case strings.TrimSpace(password) == "":
		return "Password must not be only spaces"
	}
	lower := strings.ToLower(password)
	if commonPasswords()[lower] || commonPasswords()[strings.TrimRightFunc(lower, unicode.IsDigit)] {
		return "This is one of the most common passwords, so it is easy to guess. Choose a different one"
	}
	words := personalWords(personal)
	for _, w := range words {
		if strings.Contains(lower, w) {
			return "Password must not contain your name or email address"
		}
	}
	if n <= strengthCheckLimit && zxcvbn.PasswordStrength(password, words).Score < minGuessScore {
		return "This password would be easy to guess. Try three or four random words together, like 'gravel lantern otter spoon'"
	}
	return ""
}

// personalWords breaks an email address and a name into the lower-case pieces a
// password must not contain: the whole address, its local part, and each part of the
// local part and the name of four or more letters (shorter ones, like "al", occur by
// chance in good passwords).
func personalWords(personal []string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(w string) {
		w = strings.ToLower(strings.TrimSpace(w))
		if utf8.RuneCountInString(w) >= 4 && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	for _, p := range personal {
		add(p)
		local, _, isEmail := strings.Cut(p, "@")
		if isEmail {
			add(local)
		}
		for _, part := range strings.FieldsFunc(local, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			add(part)
		}
	}
	return out
}
