package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/scrutineer/scrutineer/internal/loadgen"
	"github.com/scrutineer/scrutineer/internal/store"
)

// written is what the server acknowledged for one review: the last incident date
// saved and whether its decision was notified.
type written struct {
	incident string
	decided  bool
	// An answer sent but not acknowledged (the run ended with it in flight) may
	// or may not be in the database: either is right.
	pending        string
	pendingDecided bool
}

// intakeResult is the write intake's measure and its check.
type intakeResult struct {
	loadgen.Stats
	Creates, Saves, Decisions int
	Checked, Lost             int
}

// decisionEvery is how many draft saves a writer makes before notifying the
// decision (a state change) and starting a new draft.
const decisionEvery = 20

// intake runs one goroutine per writer, each a committee officer with its own API
// tokens: start a draft, save it decisionEvery times with new answers, notify the
// decision, start again; until total writes or d. Each write is acknowledged only
// once committed (synchronous commits on both engines).
//
// With rate > 0 the writers together offer rate writes a second (each waits its
// turn, as people typing do) and the latency is that at the offered rate; with 0
// each writes again as soon as it is answered, which measures the most the server
// sustains but makes every writer wait for the 199 ahead of it (latency = writers /
// throughput, by Little's law).
func intake(ctx context.Context, client *http.Client, base string, writers [][]string, total int, d time.Duration, rate float64) (*intakeResult, map[string]written) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var issued, errs, creates, saves, decisions atomic.Int64
	lat := make([][]time.Duration, len(writers))
	acked := make([]map[string]written, len(writers))
	var wg sync.WaitGroup
	start := time.Now()
	for w, tokens := range writers {
		acked[w] = map[string]written{}
		wg.Go(func() {
			var id string
			var every time.Duration
			next := time.Now()
			if rate > 0 {
				every = time.Duration(float64(len(writers)) / rate * float64(time.Second))
				next = next.Add(time.Duration(rand.Int64N(int64(every)))) // spread the starts
			}
			for k := 0; ctx.Err() == nil && int(issued.Add(1)) <= total; k++ {
				if every > 0 {
					if wait := time.Until(next); wait > 0 {
						select {
						case <-time.After(wait):
						case <-ctx.Done():
							return
						}
					}
					next = next.Add(every)
				}
				token := tokens[k%len(tokens)]
				var method, path string
				var body any
				incident := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, k%1500).Format("2006-01-02")
				switch {
				case id == "":
					method, path, body = "POST", "/api/v1/learning-reviews", map[string]string{"subject_type": "child"}
				case k%(decisionEvery+1) == decisionEvery:
					method, path = "POST", "/api/v1/learning-reviews/"+id+"/decision"
					body = map[string]string{"decision": "no_review", "decided_on": time.Now().Format("2006-01-02"), "reasons": "Agencies worked together well; the learning is being taken forward by each agency."}
				default:
					method, path = "PATCH", "/api/v1/learning-reviews/"+id
					body = map[string]string{"age_band": "5_11", "sex": "female", "event_type": "significant_harm", "incident_on": incident, "referral_on": incident}
				}
				b, _ := json.Marshal(body)
				req, _ := http.NewRequestWithContext(ctx, method, base+path, bytes.NewReader(b))
				req.Header.Set("Authorization", "Bearer "+token)
				req.Header.Set("Content-Type", "application/json")
				t := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						errs.Add(1)
					}
					if v, ok := acked[w][id]; ok {
						v.pending, v.pendingDecided = incident, method == "POST"
						acked[w][id] = v
					}
					continue
				}
				out, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				took := time.Since(t)
				switch {
				case method == "POST" && id == "" && resp.StatusCode == http.StatusCreated:
					var r struct{ ID string }
					json.Unmarshal(out, &r)
					id = r.ID
					acked[w][id] = written{}
					creates.Add(1)
				case method == "PATCH" && resp.StatusCode == http.StatusOK:
					acked[w][id] = written{incident: incident}
					saves.Add(1)
				case method == "POST" && resp.StatusCode == http.StatusOK:
					acked[w][id] = written{incident: acked[w][id].incident, decided: true}
					decisions.Add(1)
					id = ""
				default:
					errs.Add(1)
					continue
				}
				lat[w] = append(lat[w], took)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	all := slices.Concat(lat...)
	slices.Sort(all)
	res := &intakeResult{Stats: loadgen.Stats{Requests: len(all) + int(errs.Load()), Errors: int(errs.Load()), Elapsed: elapsed},
		Creates: int(creates.Load()), Saves: int(saves.Load()), Decisions: int(decisions.Load())}
	if len(all) > 0 {
		q := func(p float64) time.Duration { return all[min(len(all)-1, int(p*float64(len(all))))] }
		res.P50, res.P95, res.P99, res.Max = q(0.5), q(0.95), q(0.99), all[len(all)-1]
		res.Throughput = float64(len(all)) / elapsed.Seconds()
	}
	merged := map[string]written{}
	for _, m := range acked {
		for id, v := range m {
			merged[id] = v
		}
	}
	return res, merged
}

// verify reads every acknowledged review back from the database: a review missing,
// or holding other than the last saved answer or status, is a lost write.
func verify(ctx context.Context, db *store.DB, acked map[string]written, res *intakeResult) error {
	for id, want := range acked {
		var incident, status string
		err := db.Reader().QueryRowContext(ctx, `SELECT incident_on, status FROM learning_reviews WHERE id = $1`, id).Scan(&incident, &status)
		res.Checked++
		wantStatus := "draft"
		if want.decided {
			wantStatus = "decision_notified"
		}
		okIncident := incident == want.incident || (want.pending != "" && incident == want.pending)
		okStatus := status == wantStatus || (want.pendingDecided && status == "decision_notified")
		if err != nil || !okIncident || !okStatus {
			res.Lost++
			if res.Lost <= 3 {
				fmt.Printf("lost: review %s has %q %s, want %q %s (%v)\n", id, incident, status, want.incident, wantStatus, err)
			}
		}
	}
	return nil
}
