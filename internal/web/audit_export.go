package web

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"github.com/scrutineer/scrutineer"
)

// auditCSVHeader names the export's columns. Times are UTC in ISO 8601, so the file
// sorts and compares the same wherever it is opened.
var auditCSVHeader = []string{
	"Number", "Time (UTC)", "Actor type", "Actor ID", "Actor name", "Actor email", "Action", "Action name",
	"Target type", "Target ID", "Target name", "Organisation ID", "Organisation", "Outcome", "Detail",
	"Client address", "Request ID", "Previous hash", "Hash",
}

func auditCSVRow(e *scrutineer.AuditEntry) []string {
	n := e.Names
	row := []string{
		strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(time.RFC3339Nano), e.ActorLabel, e.ActorID, n.ActorName, n.ActorEmail,
		e.Action, auditActionLabel(e.Action), e.TargetType, e.TargetID, n.TargetName, e.OrganisationID, n.OrganisationName,
		e.Outcome, e.Detail, e.ClientAddr, e.RequestID, e.PrevHash, e.Hash,
	}
	for i, c := range row {
		row[i] = csvSafe(c)
	}
	return row
}

// csvSafe keeps a cell from being run as a formula by a spreadsheet: a cell that
// starts with =, +, -, @ (or a tab or carriage return, which some spreadsheets skip
// before looking) gets a leading apostrophe. Names and details are typed by people,
// and the file is meant to be opened in a spreadsheet.
func csvSafe(c string) string {
	if c != "" {
		switch c[0] {
		case '=', '+', '-', '@', '\t', '\r':
			return "'" + c
		}
	}
	return c
}

// auditExport downloads every entry the search finds, as CSV, streamed as it is read
// so that a long log needs no memory. The audit service records the export first;
// a search with problems goes back to the form, which shows them.
func (s *Server) auditExport(w http.ResponseWriter, r *http.Request) error {
	if s.Audit == nil {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	ctx := r.Context()
	search, err := parseAuditSearch(ctx, r.URL.Query(), s.slugID)
	if err != nil {
		return err
	}
	back := "/admin/audit"
	if q := search.query(); len(q) > 0 {
		back += "?" + q.Encode()
	}
	if len(search.Errors) > 0 {
		// NOTE: ask the policy before sending anyone to the form, so the answer to
		// a caller who may not read the log is the same whatever they searched for.
		if _, _, err := s.Audit.AuditFacets(ctx); err != nil {
			return err
		}
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	cw := csv.NewWriter(w)
	started := false
	start := func() error {
		h := w.Header()
		h.Set("Content-Type", "text/csv; charset=utf-8")
		h.Set("Content-Disposition", `attachment; filename="scrutineer-audit-`+time.Now().UTC().Format("20060102-150405")+`.csv"`)
		h.Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusOK)
		started = true
		return cw.Write(auditCSVHeader)
	}
	rows := 0
	err = s.Audit.ExportAudit(ctx, search.Filter, func(e *scrutineer.AuditEntry) error {
		if !started {
			if err := start(); err != nil {
				return err
			}
		}
		rows++
		if rows%1000 == 0 {
			cw.Flush()
		}
		return cw.Write(auditCSVRow(e))
	})
	switch {
	case scrutineer.ErrorCode(err) == scrutineer.EINVALID && !started:
		http.Redirect(w, r, back, http.StatusSeeOther) // the form says what is wrong
		return nil
	case err != nil && !started:
		return err
	case err != nil:
		// NOTE: the file has begun, so its status cannot change. Cutting the
		// connection makes the download fail visibly rather than end as if whole.
		s.Logger.Error("audit export stopped", "request_id", requestID(ctx), "rows", rows, "error", err.Error())
		panic(http.ErrAbortHandler)
	case !started:
		if err := start(); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
