package xapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Client talks to an LRS's statements resource.
type Client struct {
	Endpoint string // xAPI base ending in "/" (see Config)
	Auth     string // Authorization header; "" = none
	HTTP     *http.Client
	Retries  int           // retries of a failed request (5xx, 429, network); default 4
	Backoff  time.Duration // first wait between retries, doubled each time; default 500ms
	MaxWait  time.Duration // longest wait between retries; default 10s

	sleep func(ctx context.Context, d time.Duration) error
}

// NewClient returns a client for cfg.
func NewClient(cfg Config) *Client {
	t := cfg.Timeout
	if t <= 0 {
		t = 30 * time.Second
	}
	return &Client{Endpoint: cfg.Endpoint, Auth: cfg.Auth, HTTP: &http.Client{Timeout: t}, Retries: 4,
		Backoff: 500 * time.Millisecond, MaxWait: 10 * time.Second}
}

// StatusError is an answer of the LRS that is not a success.
type StatusError struct {
	Method, URL string
	Status      int
	Body        string // the start of the answer
}

func (e *StatusError) Error() string {
	what := http.StatusText(e.Status)
	switch e.Status {
	case http.StatusUnauthorized, http.StatusForbidden:
		what += ": the LRS refused the credentials; check `auth` in the config or " + EnvAuth
	}
	msg := fmt.Sprintf("%s %s: %d %s", e.Method, e.URL, e.Status, what)
	if e.Body != "" {
		msg += ": " + e.Body
	}
	return msg
}

// retryable reports whether trying again may help.
func retryable(err error) bool {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Status >= 500 || se.Status == http.StatusTooManyRequests || se.Status == http.StatusRequestTimeout
	}
	return !errors.Is(err, context.Canceled)
}

// statementsURL is the statements resource with a query.
func (c *Client) statementsURL(q url.Values) string {
	u := c.Endpoint + "statements"
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// do sends one request, retrying with back-off, and returns the status and
// body of a 2xx or 409 answer.
func (c *Client) do(ctx context.Context, method, u string, body []byte) (int, []byte, error) {
	wait := c.Backoff
	if wait <= 0 {
		wait = 500 * time.Millisecond
	}
	maxWait := c.MaxWait
	if maxWait <= 0 {
		maxWait = 10 * time.Second
	}
	sleep := c.sleep
	if sleep == nil {
		sleep = sleepCtx
	}
	for attempt := 0; ; attempt++ {
		status, data, retryAfter, err := c.once(ctx, method, u, body)
		if err == nil {
			return status, data, nil
		}
		if attempt >= c.Retries || !retryable(err) || ctx.Err() != nil {
			if attempt > 0 {
				err = fmt.Errorf("%w (after %d tries)", err, attempt+1)
			}
			return 0, nil, err
		}
		d := wait + rand.N(wait/2+1) // jitter spreads a cohort's retries
		if retryAfter > d {
			d = retryAfter
		}
		if d > maxWait {
			d = maxWait
		}
		if err := sleep(ctx, d); err != nil {
			return 0, nil, err
		}
		wait *= 2
	}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// maxAnswer bounds what is read of an LRS's answer to a POST or PUT, and
// maxPage one page of GET /statements (a page of 500 of Ally's statements is
// about 1 MB).
const (
	maxAnswer = 1 << 20
	maxPage   = 256 << 20
)

func (c *Client) once(ctx context.Context, method, u string, body []byte) (int, []byte, time.Duration, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return 0, nil, 0, err
	}
	c.header(req)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return 0, nil, 0, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return 0, nil, 0, fmt.Errorf("%s %s: reading the answer: %w", method, u, err)
	}
	if resp.StatusCode/100 == 2 || resp.StatusCode == http.StatusConflict {
		return resp.StatusCode, data, 0, nil
	}
	var ra time.Duration
	if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
		ra = time.Duration(s) * time.Second
	}
	return 0, nil, ra, &StatusError{Method: method, URL: u, Status: resp.StatusCode, Body: snippet(data)}
}

func (c *Client) header(req *http.Request) {
	req.Header.Set("X-Experience-API-Version", "1.0.3")
	if c.Auth != "" {
		req.Header.Set("Authorization", c.Auth)
	}
}

// snippet is the start of an answer, on one line, without control
// characters (an LRS's answer is printed to the learner's terminal).
func snippet(b []byte) string {
	s := strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, string(b))
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 300 {
		s = string(r[:300]) + "…"
	}
	return s
}

// Delivery is what the LRS did with a batch.
type Delivery struct {
	Stored    []string // ids stored now or already stored identically
	Conflicts []string // ids the LRS holds with other content (409): delivered, but not as sent
}

// Post sends a batch of statements. 200/204 mean stored; a 409 means some
// statement is already stored (possibly with other content), so the batch
// is then sent again one statement at a time with PUT, where 204 is stored
// and 409 a conflict. Both count as delivered.
func (c *Client) Post(ctx context.Context, batch []json.RawMessage, ids []string) (Delivery, error) {
	body, err := json.Marshal(batch)
	if err != nil {
		return Delivery{}, err
	}
	status, _, err := c.do(ctx, http.MethodPost, c.statementsURL(nil), body)
	if err != nil {
		return Delivery{}, err
	}
	if status != http.StatusConflict {
		return Delivery{Stored: ids}, nil
	}
	var d Delivery
	for i, s := range batch {
		status, _, err := c.do(ctx, http.MethodPut, c.statementsURL(url.Values{"statementId": {ids[i]}}), s)
		if err != nil {
			return d, err
		}
		if status == http.StatusConflict {
			d.Conflicts = append(d.Conflicts, ids[i])
		} else {
			d.Stored = append(d.Stored, ids[i])
		}
	}
	return d, nil
}

// Statements reads the LRS's statements matching q (GET /statements,
// following "more" links), calling fn for each, one at a time: a page is
// decoded as it streams in and never held whole.
func (c *Client) Statements(ctx context.Context, q url.Values, fn func(Statement) error) error {
	next := c.statementsURL(q)
	base, err := url.Parse(c.Endpoint)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for next != "" {
		if seen[next] {
			return fmt.Errorf("the LRS's more link %s leads back to a page already read", snippet([]byte(next)))
		}
		seen[next] = true
		more, err := c.page(ctx, next, fn)
		if err != nil {
			return err
		}
		next = ""
		if more != "" {
			m, err := base.Parse(more)
			if err != nil {
				return fmt.Errorf("the LRS's more link %q: %w", snippet([]byte(more)), err)
			}
			if m.Host != base.Host || m.Scheme != base.Scheme {
				return fmt.Errorf("the LRS's more link %s leads to another server", snippet([]byte(more)))
			}
			next = m.String()
		}
	}
	return nil
}

func (c *Client) page(ctx context.Context, u string, fn func(Statement) error) (more string, err error) {
	var resp *http.Response
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return "", err
		}
		c.header(req)
		resp, err = c.HTTP.Do(req)
		if err == nil && resp.StatusCode == http.StatusOK {
			break
		}
		if err == nil {
			data, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
			resp.Body.Close()
			err = &StatusError{Method: "GET", URL: u, Status: resp.StatusCode, Body: snippet(data)}
		}
		if attempt >= c.Retries || !retryable(err) {
			return "", err
		}
		if err := sleepCtx(ctx, c.Backoff<<attempt); err != nil {
			return "", err
		}
	}
	defer resp.Body.Close()
	dec := json.NewDecoder(io.LimitReader(resp.Body, maxPage))
	bad := func(err error) error { return fmt.Errorf("GET %s: the answer is not a statement result: %w", u, err) }
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return "", bad(fmt.Errorf("expected an object (%v)", err))
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return "", bad(err)
		}
		switch t {
		case "statements":
			if t, err := dec.Token(); err != nil || t != json.Delim('[') {
				return "", bad(fmt.Errorf("statements is not a list (%v)", err))
			}
			for dec.More() {
				var s Statement
				if err := dec.Decode(&s); err != nil {
					return "", bad(err)
				}
				if err := fn(s); err != nil {
					return "", err
				}
			}
			if _, err := dec.Token(); err != nil {
				return "", bad(err)
			}
		case "more":
			if err := dec.Decode(&more); err != nil {
				return "", bad(err)
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return "", bad(err)
			}
		}
	}
	return more, nil
}
