package store

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// timeLayout is how SQLite holds instants: fixed width, UTC, so text order is time
// order. PostgreSQL columns are timestamptz and parse the same text.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// Time is an instant as both engines store it.
type Time struct{ time.Time }

// Value writes the instant as UTC text with microseconds.
func (t Time) Value() (driver.Value, error) {
	if t.IsZero() {
		return nil, nil
	}
	return t.UTC().Format(timeLayout), nil
}

// Scan reads a timestamptz (PostgreSQL) or text (SQLite) value.
func (t *Time) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		t.Time = time.Time{}
	case time.Time:
		t.Time = x.UTC()
	case string:
		return t.parse(x)
	case []byte:
		return t.parse(string(x))
	default:
		return fmt.Errorf("store: cannot scan %T into a time", v)
	}
	return nil
}

func (t *Time) parse(s string) error {
	for _, layout := range []string{timeLayout, time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05"} {
		if p, err := time.Parse(layout, s); err == nil {
			t.Time = p.UTC()
			return nil
		}
	}
	return fmt.Errorf("store: %q is not a time", s)
}
