package web

import (
	"context"
	"sync"
	"time"

	"github.com/scrutineer/scrutineer"
)

// committeeNamesFor is how long the committee names of the search and repository
// filters are reused. The directory changes a few times a year, and reading it with
// every organisation's areas was a third of the repository page (docs/benchmarks.md);
// a renamed or new committee reaches the filters within this time.
const committeeNamesFor = time.Minute

// committeeNames keeps the directory's organisations for the filters' committee
// lists. Every signed-in person may read the directory, so one list serves all.
type committeeNames struct {
	mu   sync.Mutex
	read time.Time
	orgs []*scrutineer.Organisation
}

// list returns the directory's organisations, read again once the copy is
// committeeNamesFor old.
func (c *committeeNames) list(ctx context.Context, find func(context.Context) ([]*scrutineer.Organisation, error), now time.Time) ([]*scrutineer.Organisation, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.orgs != nil && now.Sub(c.read) < committeeNamesFor {
		return c.orgs, nil
	}
	orgs, err := find(ctx)
	if err != nil {
		return nil, err
	}
	c.orgs, c.read = orgs, now
	return orgs, nil
}
