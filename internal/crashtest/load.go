package crashtest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
)

// ledger is what the clients were told: the acknowledged state of each review (and
// a change sent but not answered, which may or may not have happened), and the
// documents whose upload was acknowledged or only attempted.
type ledger struct {
	mu       sync.Mutex
	reviews  map[string]*reviewLog
	docs     map[string]string // acknowledged upload: document ID -> SHA-256
	attempts map[string]bool   // SHA-256 of every upload sent, answered or not
	acked    int               // writes acknowledged
	refused  map[int]int       // writes the server answered with an error status, by status
}

type reviewLog struct {
	acked   Review
	pending *Review // a change sent after acked, not answered
	busy    bool    // a request about it is in flight
}

func newLedger() *ledger {
	return &ledger{reviews: map[string]*reviewLog{}, docs: map[string]string{}, attempts: map[string]bool{}, refused: map[int]int{}}
}

var sexes = []string{"female", "male", "not_known"}
var bands = []string{"under_1", "1_4", "5_11", "12_15", "16_17"}

// work runs one worker's writes until ctx ends: new drafts, changes to drafts it
// made, and uploads, chosen at random.
func (l *ledger) work(ctx context.Context, c *Client, worker int, rng *rand.Rand) {
	for n := 0; ctx.Err() == nil; n++ {
		switch p := rng.IntN(10); {
		case p < 4:
			l.create(ctx, c)
		case p < 8:
			l.patch(ctx, c, rng)
		default:
			l.upload(ctx, c, fmt.Sprintf("Crash test report %d of worker %d, %d.\nThe panel met in March.\n", n, worker, rng.Int64()))
		}
	}
}

func (l *ledger) create(ctx context.Context, c *Client) {
	r, err := c.CreateDraft(ctx, "child")
	l.mu.Lock()
	defer l.mu.Unlock()
	if err == nil {
		l.reviews[r.ID] = &reviewLog{acked: r}
		l.acked++
	}
	l.noteRefusal(err)
}

func (l *ledger) patch(ctx context.Context, c *Client, rng *rand.Rand) {
	l.mu.Lock()
	var log *reviewLog
	for _, rl := range l.reviews { // map order is random enough to spread the changes
		if !rl.busy && rl.pending == nil {
			log = rl
			break
		}
	}
	if log == nil {
		l.mu.Unlock()
		return
	}
	sex, band := sexes[rng.IntN(len(sexes))], bands[rng.IntN(len(bands))]
	want := log.acked
	want.Version, want.Sex, want.AgeBand = log.acked.Version+1, &sex, &band
	log.busy, log.pending = true, &want
	l.mu.Unlock()

	r, err := c.Patch(ctx, want.ID, log.acked.Version, sex, band)
	l.mu.Lock()
	defer l.mu.Unlock()
	log.busy = false
	var se *StatusError
	switch {
	case err == nil:
		log.acked, log.pending = r, nil
		l.acked++
	case errors.As(err, &se) && se.Code < 500:
		log.pending = nil // answered: refused, so nothing changed
	}
	// NOTE: a 5xx (the database went away during the commit) leaves the change
	// pending like a cut connection: the commit may have reached the database.
	l.noteRefusal(err)
}

func (l *ledger) upload(ctx context.Context, c *Client, text string) {
	sum := sha256.Sum256([]byte(text))
	sha := hex.EncodeToString(sum[:])
	l.mu.Lock()
	l.attempts[sha] = true
	l.mu.Unlock()
	id, err := c.Upload(ctx, "report.txt", []byte(text))
	l.mu.Lock()
	defer l.mu.Unlock()
	if err == nil {
		l.docs[id] = sha
		l.acked++
	}
	l.noteRefusal(err)
}

// noteRefusal counts answers with an error status by status: 429 when a writer
// outruns its token's rate limit, 409 for a change racing another; a 5xx would be
// a fault (a killed process answers nothing at all).
func (l *ledger) noteRefusal(err error) {
	var se *StatusError
	if errors.As(err, &se) {
		l.refused[se.Code]++
	}
}
