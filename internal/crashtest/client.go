package crashtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"time"
)

// Client talks to the service as an API caller (a bearer token) and as a person
// signed in to the web pages (a session cookie), both the same committee officer.
type Client struct {
	Base  string
	Token string
	web   *http.Client
	api   *http.Client
}

// NewClient returns a client of the service at base.
func NewClient(base, token string) *Client {
	jar, _ := cookiejar.New(nil)
	noRedirect := func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &Client{Base: base, Token: token,
		web: &http.Client{Jar: jar, Timeout: 10 * time.Second, CheckRedirect: noRedirect},
		api: &http.Client{Timeout: 10 * time.Second}}
}

// Review is the part of a learning review the checks compare.
type Review struct {
	ID          string  `json:"id"`
	Version     int     `json:"version"`
	SubjectType string  `json:"subject_type"`
	Sex         *string `json:"sex"`
	AgeBand     *string `json:"age_band"`
}

// same reports whether two states of a review agree on what was written.
func (r Review) same(o Review) bool {
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	return r.Version == o.Version && r.SubjectType == o.SubjectType && str(r.Sex) == str(o.Sex) && str(r.AgeBand) == str(o.AgeBand)
}

// do sends a JSON API request and decodes a 2xx answer into out.
func (c *Client) do(ctx context.Context, method, path string, body any, want int, out any) error {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequestWithContext(ctx, method, c.Base+path, rd)
	req.Header.Set("Authorization", "Bearer "+c.Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.api.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		return &StatusError{Code: resp.StatusCode, Body: string(b)}
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

// StatusError is an answer with an unexpected status: the server answered, so the
// write was refused, not lost.
type StatusError struct {
	Code int
	Body string
}

func (e *StatusError) Error() string { return fmt.Sprintf("status %d: %.200s", e.Code, e.Body) }

// CreateDraft saves a new draft.
func (c *Client) CreateDraft(ctx context.Context, subject string) (Review, error) {
	var r Review
	err := c.do(ctx, http.MethodPost, "/api/v1/learning-reviews", map[string]string{"subject_type": subject}, http.StatusCreated, &r)
	return r, err
}

// Patch changes a draft's sex and age band at version.
func (c *Client) Patch(ctx context.Context, id string, version int, sex, ageBand string) (Review, error) {
	var r Review
	body := map[string]any{"sex": sex, "age_band": ageBand, "version": version}
	err := c.do(ctx, http.MethodPatch, "/api/v1/learning-reviews/"+id, body, http.StatusOK, &r)
	return r, err
}

// Get reads a review.
func (c *Client) Get(ctx context.Context, id string) (Review, error) {
	var r Review
	err := c.do(ctx, http.MethodGet, "/api/v1/learning-reviews/"+id, nil, http.StatusOK, &r)
	return r, err
}

// SignIn accepts the invitation link (setting the password) the first time, then
// signs in through the form.
func (c *Client) SignIn(ctx context.Context, invitation, email, password string) error {
	if invitation != "" {
		u, err := url.Parse(strings.TrimSpace(invitation))
		if err != nil {
			return err
		}
		if _, err := c.form(ctx, u.Path, url.Values{"name": {"Pat Officer"}, "password": {password}}, http.StatusSeeOther); err != nil {
			return fmt.Errorf("accepting the invitation: %w", err)
		}
	}
	_, err := c.form(ctx, "/login", url.Values{"email": {email}, "password": {password}}, http.StatusSeeOther)
	return err
}

func (c *Client) form(ctx context.Context, path string, v url.Values, want int) (*http.Response, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, c.Base+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.web.Do(req)
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != want {
		return nil, &StatusError{Code: resp.StatusCode}
	}
	return resp, nil
}

// Upload sends a document through the upload form and returns its ID.
func (c *Client) Upload(ctx context.Context, filename string, content []byte) (string, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("kind", "report")
	mw.WriteField("title", "Crash test report")
	fw, _ := mw.CreateFormFile("file", filename)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, c.Base+"/documents/new", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.web.Do(req)
	if err != nil {
		return "", err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/documents/") {
		return "", &StatusError{Code: resp.StatusCode, Body: loc}
	}
	id, _, _ := strings.Cut(strings.TrimPrefix(loc, "/documents/"), "?")
	return id, nil
}

// DocumentStatus is the status of GET /documents/{id}.
func (c *Client) DocumentStatus(ctx context.Context, id string) (int, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.Base+"/documents/"+id, nil)
	resp, err := c.web.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}
