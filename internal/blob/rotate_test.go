package blob

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/scrutineer/scrutineer/internal/keys"
)

func TestRotateAndResume(t *testing.T) {
	oldKey, newKey := keys.Generate(), keys.Generate()
	s, dir := newStore(t, oldKey)
	var refs []Ref
	var plains [][]byte
	for i := range 10 {
		p := bytes.Repeat(fmt.Appendf(nil, "report %d ", i), 1000*(i+1))
		plains = append(plains, p)
		refs = append(refs, mustPut(t, s, p))
	}
	// A crash mid-Put leaves a temporary object; rotation clears it.
	s.backend.Put(context.Background(), incoming+"leftover", bytes.NewReader([]byte("partial")))

	stop := errors.New("power cut")
	_, err := s.Rotate(context.Background(), newKey, func(done int) error {
		if done == 4 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Fatalf("interrupted rotation: %v", err)
	}
	// Half-way, each object is whole under one key or the other.
	opened := 0
	for i, ref := range refs {
		for _, k := range []*keys.Keys{oldKey, newKey} {
			if got, err := readAll(t, New(s.backend, k), ref.SHA256); err == nil {
				if !bytes.Equal(got, plains[i]) {
					t.Fatalf("object %d changed", i)
				}
				opened++
			}
		}
	}
	if opened != len(refs) {
		t.Fatalf("%d objects open with exactly one key, want %d", opened, len(refs))
	}

	st, err := s.Rotate(context.Background(), newKey, nil)
	if err != nil || st.Already != 4 || st.Reencrypted != 6 {
		t.Fatalf("resumed rotation: %+v, %v", st, err)
	}
	ns := New(s.backend, newKey)
	for i, ref := range refs {
		if got, err := readAll(t, ns, ref.SHA256); err != nil || !bytes.Equal(got, plains[i]) {
			t.Fatalf("object %d after rotation: %v", i, err)
		}
		if _, err := readAll(t, s, ref.SHA256); !errors.Is(err, ErrWrongKey) {
			t.Errorf("object %d still opens with the old key: %v", i, err)
		}
	}
	if fl := files(t, dir); len(fl) != len(refs) {
		t.Errorf("files %v: want only the objects", fl)
	}
}

func TestRotateStopsAtDamagedObject(t *testing.T) {
	oldKey := keys.Generate()
	s, _ := newStore(t, oldKey)
	ref := mustPut(t, s, []byte("evidence"))
	other := mustPut(t, s, []byte("other evidence"))
	key, _ := objectKey(ref.SHA256)
	otherKey, _ := objectKey(other.SHA256)
	// An object whose content is not what its name says.
	s.backend.Rename(context.Background(), otherKey, key)
	if _, err := s.Rotate(context.Background(), keys.Generate(), nil); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("got %v, want ErrCorrupt", err)
	}
	if !opensWith(context.Background(), s.backend, key, oldKey) {
		t.Error("the damaged object was replaced")
	}
}
