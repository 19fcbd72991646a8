package store

import (
	"crypto/rand"
	"encoding/base32"
	"encoding/binary"
	"hash/crc32"
	"strings"
)

// APITokenPrefix begins every API token, so a token pasted into the wrong place (a
// chat, a repository) is recognisable and secret scanners can be taught to find it.
const APITokenPrefix = "scr_"

// tokenEncoding is lower-case base32 without padding: letters and digits only, so a
// double click selects the whole token and nothing needs escaping in a header or shell.
var tokenEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

const (
	tokenRandomBytes = 32 // 256 bits of secret
	tokenBodyLen     = 52 // base32 of 32 bytes
	tokenCheckLen    = 7  // base32 of the 4-byte CRC-32
	apiTokenLen      = len(APITokenPrefix) + tokenBodyLen + tokenCheckLen
)

// newAPITokenSecret returns a new token: the prefix, 256 random bits and a CRC-32 of
// them. NOTE: the checksum is not a security measure; it lets the server refuse a
// mistyped or truncated token without a database query.
func newAPITokenSecret() string {
	b := make([]byte, tokenRandomBytes)
	rand.Read(b)
	body := tokenEncoding.EncodeToString(b)
	return APITokenPrefix + body + tokenCheck(body)
}

func tokenCheck(body string) string {
	var sum [4]byte
	binary.BigEndian.PutUint32(sum[:], crc32.ChecksumIEEE([]byte(body)))
	return tokenEncoding.EncodeToString(sum[:])
}

// wellFormedAPIToken reports whether s has the shape of a token this service made.
func wellFormedAPIToken(s string) bool {
	if len(s) != apiTokenLen || !strings.HasPrefix(s, APITokenPrefix) {
		return false
	}
	body := s[len(APITokenPrefix) : len(APITokenPrefix)+tokenBodyLen]
	if _, err := tokenEncoding.DecodeString(body); err != nil {
		return false
	}
	return s[len(APITokenPrefix)+tokenBodyLen:] == tokenCheck(body)
}
