package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/keys"
)

// sealedColumns are the tables whose secret_sealed column is sealed under the
// "totp-secrets" sub-key with the user's ID as context. A new kind of sealed secret
// adds its table here so key rotation re-seals it.
var sealedColumns = []string{"totp_credentials", "totp_enrolments"}

// ResealSecrets re-seals every sealed secret from the key from to the key to and
// records to's fingerprint as the database's service key, in one transaction audited
// as "key.rotate". Run again after it has committed (an interrupted rotation being
// resumed), it finds to's fingerprint recorded and does nothing, returning 0. It
// returns the number of secrets re-sealed.
//
// Only the service itself may call it (the key rotation command): any other caller
// gets EFORBIDDEN. A database whose recorded key is neither from nor to is refused
// with EINVALID; so is a secret that does not open with from.
func (l *Login) ResealSecrets(ctx context.Context, from, to *keys.Keys) (int, error) {
	if !auth.IsSystemContext(ctx) {
		return 0, scrutineer.Errorf(scrutineer.EFORBIDDEN, "Only the service may rotate its key.")
	}
	oldSeal, newSeal := from.Sealer(keys.PurposeTOTP), to.Sealer(keys.PurposeTOTP)
	n := 0
	err := l.db.WriteTx(ctx, func(tx *sql.Tx) error {
		var recorded string
		err := tx.QueryRowContext(ctx, `SELECT fingerprint FROM service_key WHERE id = 1`+l.db.forUpdate()).Scan(&recorded)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			recorded = from.Fingerprint() // never started: nothing sealed yet
		case err != nil:
			return err
		case recorded == to.Fingerprint():
			return nil
		case recorded != from.Fingerprint():
			return scrutineer.Errorf(scrutineer.EINVALID, "The current service key is not the one this database was set up with.")
		}
		for _, table := range sealedColumns {
			m, err := reseal(ctx, tx, table, oldSeal, newSeal)
			if err != nil {
				return err
			}
			n += m
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO service_key (id, fingerprint, created_at) VALUES (1, $1, $2)
			ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint`, to.Fingerprint(), Time{l.db.Now()}); err != nil {
			return fmt.Errorf("record the service key: %w", err)
		}
		return l.audit.RecordTx(ctx, tx, &scrutineer.AuditEntry{Action: "key.rotate", TargetType: "service_key",
			TargetID: to.Fingerprint()[:12], Outcome: scrutineer.OutcomeSuccess,
			Detail: fmt.Sprintf("service key %s replaced; %d two-factor secrets re-sealed", from.Fingerprint()[:12], n)})
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// reseal re-seals the secrets of one table. The rows are read before any is updated:
// PostgreSQL cannot run a statement while a result is still being read on the
// connection.
func reseal(ctx context.Context, tx *sql.Tx, table string, from, to *keys.Sealer) (int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT user_id, secret_sealed FROM `+table)
	if err != nil {
		return 0, err
	}
	type row struct{ user, sealed string }
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.user, &r.sealed); err != nil {
			rows.Close()
			return 0, err
		}
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, r := range all {
		plain, err := from.Open(r.sealed, r.user)
		if err != nil {
			return 0, scrutineer.Errorf(scrutineer.EINVALID, "A two-factor secret in %s does not open with the current service key.", table)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET secret_sealed = $1 WHERE user_id = $2`, to.Seal(plain, r.user), r.user); err != nil {
			return 0, err
		}
	}
	return len(all), nil
}
