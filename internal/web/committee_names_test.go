package web

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
)

// TestCommitteeNames: the filters' directory is read once per committeeNamesFor,
// read again after it, and an error is passed on without being kept.
func TestCommitteeNames(t *testing.T) {
	var c committeeNames
	reads := 0
	name := "Glasgow"
	find := func(context.Context) ([]*scrutineer.Organisation, error) {
		reads++
		return []*scrutineer.Organisation{{Name: name}}, nil
	}
	at := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()
	for _, when := range []time.Duration{0, time.Second, committeeNamesFor - time.Nanosecond} {
		if _, err := c.list(ctx, find, at.Add(when)); err != nil {
			t.Fatal(err)
		}
	}
	if reads != 1 {
		t.Errorf("%d reads within %s, want 1", reads, committeeNamesFor)
	}
	name = "Glasgow City"
	got, err := c.list(ctx, find, at.Add(committeeNamesFor))
	if err != nil || reads != 2 || got[0].Name != "Glasgow City" {
		t.Errorf("after %s: %d reads, %v, %v", committeeNamesFor, reads, got, err)
	}
	failing := func(context.Context) ([]*scrutineer.Organisation, error) { return nil, errors.New("database gone") }
	if _, err := c.list(ctx, failing, at.Add(3*committeeNamesFor)); err == nil {
		t.Error("an error was not passed on")
	}
	if got, err := c.list(ctx, find, at.Add(3*committeeNamesFor)); err != nil || reads != 3 || len(got) != 1 {
		t.Errorf("after an error: %d reads, %v", reads, err)
	}
}
