package documents

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/blob"
	"github.com/scrutineer/scrutineer/internal/extract"
	"github.com/scrutineer/scrutineer/internal/jobs"
	"github.com/scrutineer/scrutineer/internal/pii"
	"github.com/scrutineer/scrutineer/internal/store"
)

// noTextMessage is what the uploader reads when a file holds no text we can read.
const noTextMessage = "We could not read the text of this file. Upload a version saved from your word processor, not a scan."

// extractJob reads one version's text, keeps it encrypted, checks it for personal
// data and saves the findings. It is safe to repeat: a finished version is left
// alone, and saving replaces the findings of an earlier run.
func (s *Service) extractJob(ctx context.Context, job *scrutineer.Job) (err error) {
	var p scrutineer.DocumentJobPayload
	if err := json.Unmarshal(job.Payload, &p); err != nil || p.VersionID == "" {
		return jobs.Permanent(fmt.Errorf("documents: bad payload"))
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("documents: extraction crashed: %v", r)
		}
		err = s.giveUp(ctx, job, p.VersionID, err)
	}()
	v, err := s.store.StartExtraction(ctx, p.VersionID)
	if err != nil {
		return err
	}
	if v.Extraction.Finished() {
		return nil
	}
	res, err := s.extract(ctx, v)
	switch {
	case errors.Is(err, extract.ErrNoText):
		return s.store.FinishUnread(ctx, v.ID, scrutineer.ExtractionNoText, noTextMessage)
	case scrutineer.ErrorCode(err) == scrutineer.EINVALID:
		return s.store.FinishUnread(ctx, v.ID, scrutineer.ExtractionFailed, scrutineer.ErrorMessage(err))
	case err != nil:
		s.log.Warn("document extraction failed; it will be tried again", "version_id", v.ID, "job_id", job.ID, "error", err.Error())
		return err
	}
	ref, err := s.blobs.Put(ctx, strings.NewReader(res.Text))
	if err != nil {
		return err
	}
	found := pii.Scan(res.Text)
	items := make([]store.FoundItem, len(found))
	for i, f := range found {
		items[i] = store.FoundItem{Kind: string(f.Kind), Start: f.Start, End: f.End}
	}
	pages := res.Pages
	if pages == 0 {
		pages = 1
	}
	return s.store.SaveCheck(ctx, v.ID, ref.SHA256, pages, items, nil)
}

// gaveUpMessage is what the uploader reads when reading the file failed every time.
const gaveUpMessage = "We could not read this file: reading it failed every time we tried. Upload it again, saved from your word processor; if that fails too, contact the Scrutineer team."

// giveUp marks the version as unreadable when its job's last attempt has failed, so
// a file that crashes or stalls the extractor ends marked rather than "checking"
// for ever; the job then fails for good (it shows on /admin/jobs). Earlier attempts'
// errors pass through to be retried.
// NOTE: a job whose worker died on its last attempt is failed by the reaper without
// running this; the version then stays queued until someone uploads it again.
func (s *Service) giveUp(ctx context.Context, job *scrutineer.Job, versionID string, err error) error {
	if err == nil || jobs.IsPermanent(err) || job.Attempts < job.MaxAttempts || ctx.Err() != nil {
		return err
	}
	if ferr := s.store.FinishUnread(context.WithoutCancel(ctx), versionID, scrutineer.ExtractionFailed, gaveUpMessage); ferr != nil {
		return errors.Join(err, ferr)
	}
	s.log.Warn("document extraction failed on its last attempt; the version is marked unreadable", "version_id", versionID, "job_id", job.ID)
	return jobs.Permanent(err)
}

// extract decrypts the version into an unlinked temporary file (the extractor
// needs random access) and reads its text, saving progress as pages are read.
func (s *Service) extract(ctx context.Context, v *scrutineer.DocumentVersion) (*extract.Result, error) {
	rc, err := s.blobs.Open(ctx, v.SHA256)
	if err != nil {
		if errors.Is(err, blob.ErrCorrupt) || errors.Is(err, blob.ErrWrongKey) {
			return nil, jobs.Permanent(err)
		}
		return nil, err
	}
	defer rc.Close()
	f, err := os.CreateTemp(s.opts.TempDir, "extract-*")
	if err != nil {
		return nil, fmt.Errorf("extract: temporary file: %w", err)
	}
	os.Remove(f.Name())
	defer f.Close()
	n, err := io.Copy(f, rc)
	if err != nil {
		return nil, fmt.Errorf("extract: decrypt: %w", err)
	}
	pr := &progress{s: s, ctx: ctx, id: v.ID}
	res, err := s.extractor.Text(extract.WithProgress(ctx, pr.report), extract.Format(v.Format), f, n)
	pr.wait()
	return res, err
}

// progress saves an extraction's progress at most every ProgressEvery, from a
// goroutine of its own, so the extractor is never held up by the database.
type progress struct {
	s    *Service
	ctx  context.Context
	id   string
	mu   sync.Mutex
	last time.Time
	busy bool
	wg   sync.WaitGroup
}

func (p *progress) report(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.busy || (time.Since(p.last) < p.s.opts.ProgressEvery && done != total) {
		return
	}
	p.busy, p.last = true, time.Now()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		if err := p.s.store.SaveProgress(p.ctx, p.id, done, total); err != nil {
			p.s.log.Warn("saving extraction progress", "version_id", p.id, "error", err.Error())
		}
		p.mu.Lock()
		p.busy = false
		p.mu.Unlock()
	}()
}

// wait lets the last progress write finish before the result is saved.
func (p *progress) wait() { p.wg.Wait() }
