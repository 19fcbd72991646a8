package blob

import (
	"context"
	"fmt"
	"strings"

	"filippo.io/age"

	"github.com/scrutineer/scrutineer/internal/keys"
)

// RotateStats counts what a rotation did.
type RotateStats struct {
	Reencrypted int // objects now encrypted to the new key
	Already     int // objects a previous, interrupted run had already done
}

// Rotate re-encrypts every stored object from the store's key to next, one at a time:
// each is decrypted with the current key, checked against its hash, encrypted to next
// into a temporary object and renamed over the original. At every moment each object
// is whole under one key or the other, so a rotation that stops half-way (crash, ctx,
// error) loses nothing and can be run again: objects that already open with next are
// skipped. after, when set, is called after each object and may stop the rotation by
// returning an error. No other process may write to the store meanwhile.
func (s *Store) Rotate(ctx context.Context, next *keys.Keys, after func(done int) error) (RotateStats, error) {
	var st RotateStats
	// Temporary objects left by an interrupted Put or rotation are incomplete.
	var stale []string
	if err := s.backend.Walk(ctx, incoming, func(key string) error {
		stale = append(stale, key)
		return nil
	}); err != nil {
		return st, err
	}
	for _, key := range stale {
		if err := s.backend.Delete(ctx, key); err != nil {
			return st, err
		}
	}
	var sums []string
	if err := s.backend.Walk(ctx, "", func(key string) error {
		if sum := strings.Replace(key, "/", "", 1); !strings.HasPrefix(key, incoming) && len(key) == 65 {
			if k, err := objectKey(sum); err == nil && k == key {
				sums = append(sums, sum)
			}
		}
		return nil
	}); err != nil {
		return st, err
	}
	for _, sum := range sums {
		done, err := s.reencrypt(ctx, sum, next)
		if err != nil {
			return st, fmt.Errorf("re-encrypting %s: %w", sum, err)
		}
		if done {
			st.Reencrypted++
		} else {
			st.Already++
		}
		if after != nil {
			if err := after(st.Reencrypted + st.Already); err != nil {
				return st, err
			}
		}
	}
	return st, nil
}

// reencrypt moves one object to next; false when it already opens with next.
func (s *Store) reencrypt(ctx context.Context, sum string, next *keys.Keys) (bool, error) {
	key, _ := objectKey(sum)
	if opensWith(ctx, s.backend, key, next) {
		return false, nil
	}
	plain, err := s.open(ctx, sum, s.keys)
	if err != nil {
		return false, err
	}
	defer plain.Close()
	// The verifier fails the copy at EOF if the content is not what its name says, so
	// a damaged object is never re-encrypted as if it were sound.
	tmp := incoming + randomName()
	if err := s.encryptTo(ctx, tmp, plain, next); err != nil {
		return false, err
	}
	if err := s.backend.Rename(ctx, tmp, key); err != nil {
		s.backend.Delete(context.WithoutCancel(ctx), tmp)
		return false, err
	}
	return true, nil
}

// opensWith reports whether the object's age header opens with k (only the header is
// read).
func opensWith(ctx context.Context, b Backend, key string, k *keys.Keys) bool {
	f, err := b.Open(ctx, key)
	if err != nil {
		return false
	}
	defer f.Close()
	_, err = age.Decrypt(f, k.Identity())
	return err == nil
}
