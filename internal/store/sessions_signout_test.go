package store_test

import (
	"context"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

func TestSignOutIsAudited(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newAuditWorld(t, db)
		sessions := store.NewSessions(db)
		token, err := sessions.CreateSession(context.Background(), w.admin.ID)
		if err != nil {
			t.Fatal(err)
		}
		ctx := scrutineer.NewContextWithUser(context.Background(), w.admin)

		// The session and its entry go together or not at all.
		blockAudit(t, db)
		err = sessions.SignOut(ctx, token)
		unblockAudit(t, db)
		if err == nil {
			t.Fatal("signed out although the audit entry could not be written")
		}
		if _, err := sessions.SessionUser(context.Background(), token); err != nil {
			t.Fatalf("the session ended without its audit entry: %v", err)
		}

		if err := sessions.SignOut(ctx, token); err != nil {
			t.Fatal(err)
		}
		if _, err := sessions.SessionUser(context.Background(), token); scrutineer.ErrorCode(err) != scrutineer.EUNAUTHORISED {
			t.Fatalf("the session is still live: %v", err)
		}
		got, err := w.audit.FindAudit(auth.SystemContext(context.Background()), scrutineer.AuditFilter{Action: "session.end"})
		if err != nil || len(got) != 1 {
			t.Fatalf("%d entries, %v", len(got), err)
		}
		if e := got[0]; e.ActorID != w.admin.ID || e.TargetID != w.admin.ID || e.OrganisationID != w.admin.OrganisationID || e.Detail != "Signed out" {
			t.Errorf("entry %+v", e)
		}

		// Signing out again, or with a made-up token, changes nothing.
		before := testutil.Fingerprint(t, db)
		for _, tok := range []string{token, "made-up", ""} {
			if err := sessions.SignOut(ctx, tok); err != nil {
				t.Fatal(err)
			}
		}
		if testutil.Fingerprint(t, db) != before {
			t.Error("signing out of no session left a mark")
		}
	})
}
