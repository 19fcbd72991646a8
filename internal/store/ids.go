package store

import "github.com/google/uuid"

// NewID returns a new record identifier: a UUIDv7 as text, so identifiers sort by
// creation time and are generated in Go for both engines.
func NewID() string { return uuid.Must(uuid.NewV7()).String() }
