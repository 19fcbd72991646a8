package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// maxGroup bounds how many writes share one SQLite transaction, so that one commit
// never waits behind an unbounded queue.
const maxGroup = 128

// groupCommit lets concurrent writers on SQLite share one transaction and one
// fsync (group commit). SQLite has one writer at a time and synchronous=FULL makes
// each commit wait for the disk, so one transaction per write caps the service at
// the disk's sync rate (docs/decisions/0131-sqlite-group-commit.md). Each write
// still runs in a savepoint of its own: a write whose function fails is rolled back
// alone, and every caller hears only once the shared commit is durable.
//
// There is no goroutine to start or stop: the first writer to find no batch running
// becomes the leader and commits batches until the queue is empty or its own write
// is done, then hands the lead to the next waiting writer.
type groupCommit struct {
	mu      sync.Mutex
	pending []*groupWrite
	leading bool
}

// groupWrite is one caller's write waiting for its batch.
type groupWrite struct {
	ctx  context.Context
	fn   func(*sql.Tx) error
	done chan groupResult
}

// groupResult is a write's outcome, or the order to lead the next batch.
type groupResult struct {
	err      error
	panicked any
	lead     bool
}

// run queues fn and returns once the transaction holding it has committed or fn
// has failed; a panic in fn is raised again in the caller's goroutine.
func (g *groupCommit) run(db *DB, ctx context.Context, fn func(*sql.Tx) error) error {
	w := &groupWrite{ctx: ctx, fn: fn, done: make(chan groupResult, 1)}
	g.mu.Lock()
	g.pending = append(g.pending, w)
	lead := !g.leading
	g.leading = true
	g.mu.Unlock()
	for {
		if lead {
			g.lead(db, w)
		}
		res := <-w.done
		if res.lead {
			lead = true
			continue
		}
		if res.panicked != nil {
			panic(res.panicked)
		}
		return res.err
	}
}

// lead commits batches until mine has been committed, then passes the lead on to
// the oldest waiting writer, or gives it up when none is waiting.
func (g *groupCommit) lead(db *DB, mine *groupWrite) {
	for {
		g.mu.Lock()
		n := min(len(g.pending), maxGroup)
		batch := g.pending[:n:n]
		g.pending = g.pending[n:]
		g.mu.Unlock()
		g.commit(db, batch)
		if mineDone(batch, mine) {
			break
		}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.pending) == 0 {
		g.leading = false
		return
	}
	g.pending[0].done <- groupResult{lead: true}
}

func mineDone(batch []*groupWrite, mine *groupWrite) bool {
	for _, w := range batch {
		if w == mine {
			return true
		}
	}
	return false
}

// commit runs a batch in one transaction, each write in its own savepoint, and
// tells every writer its outcome once the commit is durable.
func (g *groupCommit) commit(db *DB, batch []*groupWrite) {
	results := make([]groupResult, len(batch))
	tx, err := db.write.BeginTx(context.Background(), nil)
	if err != nil {
		for _, w := range batch {
			w.done <- groupResult{err: fmt.Errorf("begin: %w", err)}
		}
		return
	}
	ok := false
	for i, w := range batch {
		var broken bool
		results[i], broken = runSavepoint(tx, w)
		if broken {
			// SQLite rolls back the whole transaction when a statement is
			// interrupted (a caller's context ended mid-statement): every write
			// so far is undone, so each is told so, and the writes not yet run
			// wait for the next batch.
			_ = tx.Rollback()
			for j := 0; j <= i; j++ {
				if results[j].panicked == nil {
					results[j].err = fmt.Errorf("write interrupted: %w", context.Canceled)
				}
				batch[j].done <- results[j]
			}
			g.mu.Lock()
			g.pending = append(append([]*groupWrite{}, batch[i+1:]...), g.pending...)
			g.mu.Unlock()
			return
		}
		ok = ok || (results[i].err == nil && results[i].panicked == nil)
	}
	if ok {
		if err := tx.Commit(); err != nil {
			for i := range results {
				if results[i].err == nil && results[i].panicked == nil {
					results[i].err = fmt.Errorf("commit: %w", err)
				}
			}
		}
	} else {
		_ = tx.Rollback()
	}
	for i, w := range batch {
		w.done <- results[i]
	}
}

// runSavepoint runs one write inside a savepoint, rolling back to it when the write
// fails or panics, so that the batch's other writes are unaffected. broken reports
// that the savepoint is gone: the whole transaction was rolled back under it.
func runSavepoint(tx *sql.Tx, w *groupWrite) (res groupResult, broken bool) {
	if err := w.ctx.Err(); err != nil {
		return groupResult{err: err}, false
	}
	if _, err := tx.Exec(`SAVEPOINT write`); err != nil {
		return groupResult{err: fmt.Errorf("savepoint: %w", err)}, true
	}
	defer func() {
		if p := recover(); p != nil {
			res = groupResult{panicked: p}
		}
		if res.err != nil || res.panicked != nil {
			if _, err := tx.Exec(`ROLLBACK TO write`); err != nil {
				broken = true
			}
		}
		if _, err := tx.Exec(`RELEASE write`); err != nil {
			broken = true
		}
	}()
	return groupResult{err: w.fn(tx)}, false
}
