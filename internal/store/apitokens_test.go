package store_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// tokenAudit is one audit entry about a token, read straight from the table.
type tokenAudit struct{ Action, ActorID, ActorLabel, Outcome, Detail string }

func auditOf(t *testing.T, db *store.DB, tokenID string) []tokenAudit {
	t.Helper()
	rows, err := db.Reader().Query(`SELECT action, actor_id, actor_label, outcome, detail FROM audit_log WHERE target_type = 'api_token' AND target_id = $1 ORDER BY seq`, tokenID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []tokenAudit
	for rows.Next() {
		var a tokenAudit
		if err := rows.Scan(&a.Action, &a.ActorID, &a.ActorLabel, &a.Outcome, &a.Detail); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

func TestAPITokens(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		tokens := store.NewAPITokens(db)
		org := testutil.MustCreateOrganisation(t, db, "glasgow-cpc", scrutineer.KindChildProtectionCommittee)
		owner := testutil.MustCreateUser(t, db, "officer@example.org", org, scrutineer.RoleCommitteeOfficer)
		other := testutil.MustCreateUser(t, db, "other@example.org", org, scrutineer.RoleAdmin)
		ctx := scrutineer.NewContextWithUser(context.Background(), owner)
		otherCtx := scrutineer.NewContextWithUser(context.Background(), other)

		tok := &scrutineer.APIToken{UserID: owner.ID, Label: "  Returns script  ", ExpiresAt: time.Now().Add(90 * 24 * time.Hour)}
		secret, err := tokens.CreateAPIToken(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(secret, store.APITokenPrefix) || len(secret) < 60 || tok.ID == "" || tok.Label != "Returns script" || tok.Hint != secret[len(secret)-4:] {
			t.Fatalf("secret %q, token %+v", secret, tok)
		}

		t.Run("authenticates as its owner", func(t *testing.T) {
			u, got, err := tokens.AuthenticateAPIToken(context.Background(), secret)
			if err != nil {
				t.Fatal(err)
			}
			if u.ID != owner.ID || got.ID != tok.ID || u.Organisation == nil || u.Organisation.Slug != "glasgow-cpc" || !u.Has(scrutineer.RoleCommitteeOfficer) {
				t.Fatalf("user %+v, token %+v", u, got)
			}
		})

		t.Run("listed for its owner only", func(t *testing.T) {
			list, err := tokens.FindAPITokens(ctx, owner.ID)
			if err != nil || len(list) != 1 || list[0].ID != tok.ID || list[0].LastUsedAt.IsZero() || list[0].ExpiresAt.IsZero() {
				t.Fatalf("list %+v, %v", list, err)
			}
			if _, err := tokens.FindAPITokens(otherCtx, owner.ID); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
				t.Errorf("an administrator listed another user's tokens: %v", err)
			}
			if _, err := tokens.FindAPIToken(otherCtx, tok.ID); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
				t.Errorf("another user found the token: %v", err)
			}
			if _, err := tokens.FindAPITokens(context.Background(), owner.ID); scrutineer.ErrorCode(err) != scrutineer.EUNAUTHORISED {
				t.Errorf("anonymous: %v", err)
			}
			if _, err := tokens.CreateAPIToken(otherCtx, &scrutineer.APIToken{UserID: owner.ID, Label: "Sneaky"}); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
				t.Errorf("another user made a token for the owner: %v", err)
			}
		})

		t.Run("stored only as a hash", func(t *testing.T) {
			sum := sha256.Sum256([]byte(secret))
			var hash string
			if err := db.Reader().QueryRow(`SELECT token_hash FROM api_tokens WHERE id = $1`, tok.ID).Scan(&hash); err != nil {
				t.Fatal(err)
			}
			if hash != hex.EncodeToString(sum[:]) {
				t.Errorf("token_hash %q is not the SHA-256 of the token", hash)
			}
			body := secret[len(store.APITokenPrefix) : len(secret)-4]
			if where := findText(t, db, body); where != "" {
				t.Errorf("the secret is stored in %s", where)
			}
		})

		t.Run("others may not revoke it", func(t *testing.T) {
			before := testutil.Fingerprint(t, db)
			if err := tokens.RevokeAPIToken(otherCtx, tok.ID); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
				t.Fatalf("another user revoked: %v", err)
			}
			if err := tokens.RevokeAPIToken(ctx, "no-such-token"); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
				t.Fatalf("unknown token: %v", err)
			}
			if testutil.Fingerprint(t, db) != before {
				t.Fatal("a refused revocation changed the database")
			}
		})

		t.Run("revocation stops it at once and is audited", func(t *testing.T) {
			if err := tokens.RevokeAPIToken(ctx, tok.ID); err != nil {
				t.Fatal(err)
			}
			if err := tokens.RevokeAPIToken(ctx, tok.ID); err != nil {
				t.Fatalf("revoking again: %v", err)
			}
			for range 3 {
				if _, _, err := tokens.AuthenticateAPIToken(context.Background(), secret); scrutineer.ErrorCode(err) != scrutineer.EUNAUTHORISED {
					t.Fatalf("revoked token: %v", err)
				}
			}
			got, err := tokens.FindAPIToken(ctx, tok.ID)
			if err != nil || got.State(time.Now()) != scrutineer.TokenRevoked {
				t.Fatalf("%+v %v", got, err)
			}
			want := []tokenAudit{
				{"api_token.create", owner.ID, "user", scrutineer.OutcomeSuccess, ""},
				{"api_token.revoke", owner.ID, "user", scrutineer.OutcomeSuccess, ""},
				{"api_token.refused", owner.ID, "api token", scrutineer.OutcomeRefused, "token revoked"},
			}
			entries := auditOf(t, db, tok.ID)
			if len(entries) != len(want) {
				t.Fatalf("audit entries %+v, want %d (one refusal a minute)", entries, len(want))
			}
			for i, w := range want {
				e := entries[i]
				if e.Action != w.Action || e.ActorID != w.ActorID || e.ActorLabel != w.ActorLabel || e.Outcome != w.Outcome || (w.Detail != "" && e.Detail != w.Detail) {
					t.Errorf("entry %d = %+v, want %+v", i, e, w)
				}
			}
			if strings.Contains(fmt.Sprint(entries), "Returns script") {
				t.Error("the label, which may name people, reached the audit trail")
			}
		})
	})
}

func TestAPITokenRefusals(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		tokens := store.NewAPITokens(db)
		org := testutil.MustCreateOrganisation(t, db, "fife-apc", scrutineer.KindAdultProtectionCommittee)
		u := testutil.MustCreateUser(t, db, "officer@example.org", org, scrutineer.RoleCommitteeOfficer)
		system := auth.SystemContext(context.Background())
		mustToken := func(label string, expires time.Time) string {
			t.Helper()
			s, err := tokens.CreateAPIToken(system, &scrutineer.APIToken{UserID: u.ID, Label: label, ExpiresAt: expires})
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		lasting := mustToken("Lasting", time.Time{})
		shortLived := mustToken("Short", time.Now().Add(time.Hour))
		refused := func(secret string) bool {
			_, _, err := tokens.AuthenticateAPIToken(context.Background(), secret)
			return scrutineer.ErrorCode(err) == scrutineer.EUNAUTHORISED
		}

		t.Run("malformed and unknown tokens", func(t *testing.T) {
			// One character of the secret changed: the checksum no longer matches.
			swap := map[bool]string{true: "b", false: "a"}[lasting[10] == 'a']
			tampered := lasting[:10] + swap + lasting[11:]
			// A well-formed token that is not (or no longer) in the database.
			unknown := mustToken("Unknown", time.Time{})
			if _, err := store.ExecForTest(db, `DELETE FROM api_tokens WHERE label = 'Unknown'`); err != nil {
				t.Fatal(err)
			}
			before := testutil.Fingerprint(t, db)
			for _, s := range []string{"", "scr_", "Bearer", lasting[4:], strings.ToUpper(lasting), tampered, lasting + "x", unknown} {
				if !refused(s) {
					t.Errorf("%q was accepted", s)
				}
			}
			if testutil.Fingerprint(t, db) != before {
				t.Error("unknown tokens changed the database (audit flooding)")
			}
		})

		t.Run("expired", func(t *testing.T) {
			if refused(shortLived) {
				t.Fatal("a live token was refused")
			}
			db.Now = func() time.Time { return time.Now().UTC().Add(2 * time.Hour) }
			defer func() { db.Now = func() time.Time { return time.Now().UTC() } }()
			if !refused(shortLived) {
				t.Fatal("an expired token was accepted")
			}
			if refused(lasting) {
				t.Fatal("a token without expiry was refused")
			}
		})

		t.Run("expiry must be in the future and the label sensible", func(t *testing.T) {
			for _, tt := range []struct {
				label   string
				expires time.Time
				field   string
			}{
				{"", time.Time{}, "label"},
				{strings.Repeat("x", store.MaxAPITokenLabel+1), time.Time{}, "label"},
				{"two\nlines", time.Time{}, "label"},
				{"Past", time.Now().Add(-time.Minute), "expires"},
			} {
				_, err := tokens.CreateAPIToken(system, &scrutineer.APIToken{UserID: u.ID, Label: tt.label, ExpiresAt: tt.expires})
				if scrutineer.ErrorFields(err)[tt.field] == "" {
					t.Errorf("%q: %v, want a problem with %s", tt.label, err, tt.field)
				}
			}
		})

		t.Run("deactivated owner is refused at once", func(t *testing.T) {
			if _, err := store.ExecForTest(db, `UPDATE users SET active = false WHERE email = 'officer@example.org'`); err != nil {
				t.Fatal(err)
			}
			if !refused(lasting) {
				t.Fatal("a deactivated user's token was accepted")
			}
			_, err := tokens.CreateAPIToken(system, &scrutineer.APIToken{UserID: u.ID, Label: "After"})
			if scrutineer.ErrorCode(err) != scrutineer.EINVALID {
				t.Errorf("a token was made for a deactivated user: %v", err)
			}
		})
	})
}
