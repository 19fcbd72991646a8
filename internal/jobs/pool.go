package jobs

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// Pool runs up to N jobs at once. One loop claims jobs while a worker is free and
// sleeps for PollInterval (or until Wake) when none is due; a second loop takes back
// jobs whose worker died and prunes old ones. Several pools, in one process or many,
// may share a database: the store gives each job to one of them.
//
// Set the exported fields before Start; they are not safe to change afterwards.
type Pool struct {
	// PollInterval is how long the pool waits before looking for due jobs again when
	// it found none; each wait varies by a quarter either way so that processes do
	// not poll in step. Default 1s.
	PollInterval time.Duration
	// Timeout bounds one run of a job; its context ends then. Default 2m.
	Timeout time.Duration
	// ReapInterval is how often jobs whose lease ran out are taken back. Default 30s.
	ReapInterval time.Duration
	// Retention is how long done jobs and sent or kept emails are kept; 0 keeps them
	// for ever. Default 30 days.
	Retention time.Duration
	// Metrics, when set, records each run.
	Metrics *Metrics

	queue    Queue
	log      *slog.Logger
	n        int
	handlers Handlers
	id       string
	seq      atomic.Uint64

	wake      chan struct{}
	mu        sync.Mutex
	started   bool
	stopLoops context.CancelFunc
	stopJobs  context.CancelFunc
	loops     sync.WaitGroup
	running   sync.WaitGroup
}

// NewPool returns a pool of n workers (at least 1) that claims jobs from q and runs
// them with handlers. It logs through logger, with job IDs and kinds only.
func NewPool(q Queue, logger *slog.Logger, n int, handlers Handlers) *Pool {
	if n < 1 {
		n = 1
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	host, _ := os.Hostname()
	b := make([]byte, 4)
	crand.Read(b)
	return &Pool{
		PollInterval: time.Second,
		Timeout:      2 * time.Minute,
		ReapInterval: 30 * time.Second,
		Retention:    30 * 24 * time.Hour,
		queue:        q,
		log:          logger,
		n:            n,
		handlers:     handlers,
		id:           fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b)),
		wake:         make(chan struct{}, 1),
	}
}

// Wake makes an idle pool look for due jobs now rather than at its next poll. Give it
// to the store's OnEnqueue so that jobs queued in this process start at once.
func (p *Pool) Wake() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// lease is how long a claimed job is held: longer than any run may take, so that
// only a worker that died loses its job.
func (p *Pool) lease() time.Duration { return p.Timeout + time.Minute }

// Start starts the pool's loops and returns at once. The pool stops claiming when ctx
// ends or Stop is called; jobs already running go on until Stop's deadline. Starting
// a pool twice is an error.
func (p *Pool) Start(ctx context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.started {
		return errors.New("jobs: the pool is already started")
	}
	p.started = true
	loopCtx, stopLoops := context.WithCancel(auth.SystemContext(ctx))
	jobCtx, stopJobs := context.WithCancel(auth.SystemContext(context.WithoutCancel(ctx)))
	p.stopLoops, p.stopJobs = stopLoops, stopJobs
	p.loops.Add(2)
	go func() { defer p.loops.Done(); p.claimLoop(loopCtx, jobCtx) }()
	go func() { defer p.loops.Done(); p.reapLoop(loopCtx) }()
	p.log.Info("job pool started", "workers", p.n, "pool_id", p.id)
	return nil
}

// Stop stops claiming and waits for running jobs to finish. When ctx ends first, the
// running jobs' contexts are cancelled, each is given back to the queue without
// counting the attempt, and Stop returns ctx's error. Stopping a pool that was never
// started does nothing.
func (p *Pool) Stop(ctx context.Context) error {
	p.mu.Lock()
	started := p.started
	p.mu.Unlock()
	if !started {
		return nil
	}
	p.stopLoops()
	p.loops.Wait()
	done := make(chan struct{})
	go func() { p.running.Wait(); close(done) }()
	select {
	case <-done:
		p.stopJobs()
		p.log.Info("job pool stopped", "pool_id", p.id)
		return nil
	case <-ctx.Done():
	}
	p.stopJobs()
	// NOTE: a handler that ignores its context cannot be stopped; give the others a
	// moment to hand their jobs back, then leave the rest to the lease.
	select {
	case <-done:
	case <-time.After(5 * time.Second):
	}
	p.log.Warn("job pool stopped before its jobs finished", "pool_id", p.id)
	return ctx.Err()
}

func (p *Pool) claimLoop(ctx, jobCtx context.Context) {
	free := make(chan struct{}, p.n)
	for {
		select {
		case free <- struct{}{}:
		case <-ctx.Done():
			return
		}
		worker := fmt.Sprintf("%s/%d", p.id, p.seq.Add(1))
		job, err := p.claim(ctx, worker)
		if err == nil {
			p.running.Add(1)
			go func() {
				defer func() { <-free; p.running.Done() }()
				p.run(jobCtx, job, worker)
			}()
			continue
		}
		<-free
		if scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND && ctx.Err() == nil {
			p.log.Error("cannot claim a job", "error", err.Error())
		}
		select {
		case <-ctx.Done():
			return
		case <-p.wake:
		case <-time.After(jitter(p.PollInterval)):
		}
	}
}

// claim runs outside ctx's cancellation: a claim that reached the database must come
// back, or the job would wait for its lease to run out.
func (p *Pool) claim(ctx context.Context, worker string) (*scrutineer.Job, error) {
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	c, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return p.queue.Claim(c, worker, p.lease())
}

// run runs one claimed job and reports how it went.
func (p *Pool) run(jobCtx context.Context, job *scrutineer.Job, worker string) {
	log := p.log.With("job_id", job.ID, "kind", job.Kind)
	ctx, cancel := context.WithTimeout(jobCtx, p.Timeout)
	defer cancel()
	start := time.Now()
	var err error
	if h, ok := p.handlers[job.Kind]; ok {
		err = call(ctx, h, job)
		if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			err = fmt.Errorf("the job took longer than %s: %w", p.Timeout, err)
		}
	} else {
		err = Permanent(fmt.Errorf("no handler is registered for jobs of kind %q", job.Kind))
	}
	took := time.Since(start)

	report, cancelReport := context.WithTimeout(context.WithoutCancel(jobCtx), 10*time.Second)
	defer cancelReport()
	outcome := "done"
	switch {
	case err == nil:
		if rerr := p.queue.Complete(report, job.ID, worker); rerr != nil {
			log.Warn("job finished but could not be recorded", "error", rerr.Error())
		}
		log.Info("job done", "attempt", job.Attempts, "duration", took)
	case jobCtx.Err() != nil:
		outcome = "released"
		if rerr := p.queue.Release(report, job.ID, worker); rerr != nil {
			log.Warn("job could not be given back", "error", rerr.Error())
		}
		log.Info("job given back because the pool is stopping", "attempt", job.Attempts)
	default:
		msg := safeMessage(err)
		status, rerr := p.queue.Fail(report, job.ID, worker, msg, IsPermanent(err))
		if rerr != nil {
			log.Warn("job failure could not be recorded", "error", rerr.Error())
		}
		outcome = "retry"
		if status == scrutineer.JobFailed {
			outcome = "failed"
			log.Error("job failed for good", "attempt", job.Attempts, "duration", took, "error", msg)
		} else {
			log.Warn("job failed; it will be tried again", "attempt", job.Attempts, "duration", took, "error", msg)
		}
	}
	p.Metrics.observe(job.Kind, outcome, took)
}

func (p *Pool) reapLoop(ctx context.Context) {
	var lastPrune time.Time
	for {
		c, cancel := context.WithTimeout(ctx, 30*time.Second)
		if n, err := p.queue.ReapExpired(c); err != nil && ctx.Err() == nil {
			p.log.Error("cannot take back expired jobs", "error", err.Error())
		} else if n > 0 {
			p.log.Warn("took back jobs whose worker stopped", "count", n)
		}
		if p.Retention > 0 && time.Since(lastPrune) > time.Hour {
			lastPrune = time.Now()
			if nj, ne, err := p.queue.Prune(c, time.Now().Add(-p.Retention)); err != nil && ctx.Err() == nil {
				p.log.Error("cannot prune old jobs", "error", err.Error())
			} else if nj+ne > 0 {
				p.log.Info("pruned old jobs and emails", "jobs", nj, "emails", ne)
			}
		}
		cancel()
		select {
		case <-ctx.Done():
			return
		case <-time.After(jitter(p.ReapInterval)):
		}
	}
}

// jitter returns d varied by up to a quarter either way.
func jitter(d time.Duration) time.Duration {
	if d < 4 {
		return d
	}
	q := d / 4
	return d - q + rand.N(2*q+1)
}
