package store

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/keys"
)

// ThrottleLimit bounds failed sign-ins for one kind of key.
type ThrottleLimit struct {
	// Free is how many failures pass without any slowdown.
	Free int
	// Lockout is how many failures within Window lock the key for LockFor.
	Lockout int
	Window  time.Duration
	LockFor time.Duration
}

// Throttle is the sign-in throttling policy. Per-address limits are higher than
// per-account ones because many people may share an office's address.
type Throttle struct {
	Account, Address ThrottleLimit
	// BaseDelay doubles with each failure past Free, up to MaxDelay: the slowdown.
	BaseDelay, MaxDelay time.Duration
	// MaxSleep is the longest a failed answer is held back; a longer slowdown is
	// enforced by refusing early attempts with 429.
	MaxSleep time.Duration
}

// DefaultThrottle is the policy in force; docs/decisions/0030-login-throttling.md
// says why these numbers.
var DefaultThrottle = Throttle{
	Account:   ThrottleLimit{Free: 3, Lockout: 10, Window: time.Hour, LockFor: 15 * time.Minute},
	Address:   ThrottleLimit{Free: 10, Lockout: 50, Window: time.Hour, LockFor: 15 * time.Minute},
	BaseDelay: time.Second,
	MaxDelay:  30 * time.Second,
	MaxSleep:  8 * time.Second,
}

// delay is the wait required after the n-th failure.
func (t Throttle) delay(lim ThrottleLimit, n int) time.Duration {
	if n < lim.Free {
		return 0
	}
	d := t.BaseDelay
	for i := lim.Free; i < n && d < t.MaxDelay; i++ {
		d *= 2
	}
	return min(d, t.MaxDelay)
}

// throttleKey is one counter an attempt is checked against.
type throttleKey struct {
	key   string
	limit ThrottleLimit
	// userID names the account for the audit trail, when the key is an account's
	// and the account exists.
	userID, orgID string
	address       string
}

// throttleKeys are the counters of an attempt at email from the request's address.
func (l *Login) throttleKeys(ctx context.Context, email string, u *scrutineer.User) []throttleKey {
	acct := throttleKey{key: "account:" + l.keys.MAC(keys.PurposeThrottle, normaliseEmail(email)), limit: l.Throttle.Account}
	if u != nil {
		acct.userID, acct.orgID = u.ID, u.OrganisationID
	}
	out := []throttleKey{acct}
	if a := addressKey(scrutineer.RequestMetaFromContext(ctx).ClientAddr); a != "" {
		out = append(out, throttleKey{key: "address:" + a, limit: l.Throttle.Address, address: a})
	}
	return out
}

// addressKey groups IPv6 addresses by /64, the block one customer usually holds, so
// an attacker cannot step around the limit through the addresses of one network.
func addressKey(addr string) string {
	ip := net.ParseIP(addr)
	if ip == nil {
		return addr
	}
	if ip.To4() != nil {
		return ip.String()
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

type attemptRow struct {
	failures    int
	windowStart Time
	nextAllowed Time
	lockedUntil Time
}

func (l *Login) readAttempt(ctx context.Context, q querier, key string, lock bool) (attemptRow, bool, error) {
	var r attemptRow
	clause := ""
	if lock {
		clause = l.db.forUpdate()
	}
	err := q.QueryRowContext(ctx, `SELECT failures, window_start, next_allowed_at, locked_until FROM login_attempts WHERE key = $1`+clause, key).
		Scan(&r.failures, &r.windowStart, &r.nextAllowed, &r.lockedUntil)
	if err == sql.ErrNoRows {
		return r, false, nil
	}
	return r, err == nil, err
}

// current returns the row as it stands now: a window that has run out, with no lock
// in force, counts from zero again.
func (r attemptRow) current(lim ThrottleLimit, now time.Time) attemptRow {
	if now.After(r.lockedUntil.Time) && now.Sub(r.windowStart.Time) > lim.Window {
		return attemptRow{}
	}
	return r
}

// admit refuses an attempt while a key is locked or slowed down, and otherwise, for a
// key already past its free failures, claims the slot: attempts sent in parallel are
// refused rather than checked side by side.
func (l *Login) admit(ctx context.Context, ks []throttleKey) error {
	now := l.db.Now()
	return l.db.WriteTx(ctx, func(tx *sql.Tx) error {
		var refused *scrutineer.ThrottledError
		for _, k := range ks {
			r, ok, err := l.readAttempt(ctx, tx, k.key, true)
			if err != nil {
				return fmt.Errorf("read throttle: %w", err)
			}
			if !ok {
				continue
			}
			r = r.current(k.limit, now)
			var e *scrutineer.ThrottledError
			switch {
			case now.Before(r.lockedUntil.Time):
				e = &scrutineer.ThrottledError{RetryAfter: r.lockedUntil.Sub(now), Locked: true}
			case now.Before(r.nextAllowed.Time):
				e = &scrutineer.ThrottledError{RetryAfter: r.nextAllowed.Sub(now)}
			}
			if e != nil {
				if refused == nil || e.RetryAfter > refused.RetryAfter {
					refused = e
				}
				continue
			}
			if d := l.Throttle.delay(k.limit, r.failures); d > 0 {
				if _, err := tx.ExecContext(ctx, `UPDATE login_attempts SET next_allowed_at = $1, updated_at = $2 WHERE key = $3`, Time{now.Add(d)}, Time{now}, k.key); err != nil {
					return fmt.Errorf("claim throttle: %w", err)
				}
			}
		}
		if refused != nil {
			return refused
		}
		return nil
	})
}

// recordFailureTx counts a failure against every key inside tx and audits any lockout
// it causes. It returns how long the answer should be held back.
func (l *Login) recordFailureTx(ctx context.Context, tx *sql.Tx, ks []throttleKey) (time.Duration, error) {
	now := l.db.Now()
	var hold time.Duration
	for _, k := range ks {
		if _, err := tx.ExecContext(ctx, `INSERT INTO login_attempts (key, failures, window_start, next_allowed_at, updated_at) VALUES ($1, 0, $2, $2, $2) ON CONFLICT (key) DO NOTHING`, k.key, Time{now}); err != nil {
			return 0, fmt.Errorf("throttle row: %w", err)
		}
		r, _, err := l.readAttempt(ctx, tx, k.key, true)
		if err != nil {
			return 0, fmt.Errorf("read throttle: %w", err)
		}
		r = r.current(k.limit, now)
		if r.windowStart.IsZero() {
			r.windowStart = Time{now}
		}
		r.failures++
		d := l.Throttle.delay(k.limit, r.failures)
		r.nextAllowed = Time{now.Add(d)}
		locked := r.failures >= k.limit.Lockout
		if locked {
			r.lockedUntil = Time{now.Add(k.limit.LockFor)}
		} else {
			hold = max(hold, d)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE login_attempts SET failures = $1, window_start = $2, next_allowed_at = $3, locked_until = $4, updated_at = $5 WHERE key = $6`,
			r.failures, r.windowStart, r.nextAllowed, r.lockedUntil, Time{now}, k.key); err != nil {
			return 0, fmt.Errorf("update throttle: %w", err)
		}
		if locked {
			if err := l.auditLockout(ctx, tx, k, r.failures); err != nil {
				return 0, err
			}
		}
	}
	// Old counters are of no more use; clear them as we go rather than in a job.
	if _, err := tx.ExecContext(ctx, `DELETE FROM login_attempts WHERE updated_at < $1 AND (locked_until IS NULL OR locked_until < $2)`,
		Time{now.Add(-2 * max(l.Throttle.Account.Window, l.Throttle.Address.Window))}, Time{now}); err != nil {
		return 0, fmt.Errorf("clear throttle: %w", err)
	}
	return min(hold, l.Throttle.MaxSleep), nil
}

func (l *Login) auditLockout(ctx context.Context, tx *sql.Tx, k throttleKey, failures int) error {
	e := &scrutineer.AuditEntry{Action: "login.lockout", Outcome: scrutineer.OutcomeRefused}
	mins := int(k.limit.LockFor / time.Minute)
	switch {
	case k.address != "":
		e.TargetType, e.TargetID = "client_address", k.address
		e.Detail = fmt.Sprintf("Sign-in from this address locked for %d minutes after %d failed attempts", mins, failures)
	case k.userID != "":
		e.TargetType, e.TargetID, e.OrganisationID = "user", k.userID, k.orgID
		e.Detail = fmt.Sprintf("Account locked for %d minutes after %d failed attempts", mins, failures)
	default:
		e.TargetType = "user"
		e.Detail = fmt.Sprintf("Sign-in to an unknown account locked for %d minutes after %d failed attempts", mins, failures)
	}
	return l.audit.RecordTx(ctx, tx, e)
}

// clearAccountTx forgets the failures of the account keys after a complete sign-in.
// The address's count stays: one good account must not reset an address's limit.
func (l *Login) clearAccountTx(ctx context.Context, tx *sql.Tx, ks []throttleKey) error {
	for _, k := range ks {
		if k.address == "" {
			if _, err := tx.ExecContext(ctx, `DELETE FROM login_attempts WHERE key = $1`, k.key); err != nil {
				return fmt.Errorf("clear throttle: %w", err)
			}
		}
	}
	return nil
}
