package loadgen

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestHammer: every request is made once, answers other than the expected status
// count as errors and not as latencies, and the summary's figures are in order.
func TestHammer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("n") == "7" {
			http.Error(w, "no", http.StatusTeapot)
			return
		}
		time.Sleep(time.Millisecond)
		w.Write([]byte("twelve bytes"))
	}))
	defer srv.Close()
	next := func(_, n int) *http.Request {
		r, _ := http.NewRequest("GET", srv.URL+"/?n="+string(rune('0'+n%10)), nil)
		return r
	}
	s := Hammer(context.Background(), NewClient(4), 4, 40, 10*time.Second, next, Status(http.StatusOK))
	if s.Requests != 40 || s.Errors != 4 || s.Bytes != 12 {
		t.Fatalf("%d requests, %d errors, %d bytes; want 40, 4 (every n ending in 7), 12", s.Requests, s.Errors, s.Bytes)
	}
	if s.P50 < time.Millisecond || s.P50 > s.P95 || s.P95 > s.P99 || s.P99 > s.Max || s.Mean < time.Millisecond || s.Mean > s.Max {
		t.Errorf("figures out of order: %s, mean %s", s, Ms(s.Mean))
	}
	if want := 36 / s.Elapsed.Seconds(); s.Throughput < want*0.99 || s.Throughput > want*1.01 {
		t.Errorf("throughput %.0f/s, want the 36 successes over %s", s.Throughput, s.Elapsed)
	}
}

// TestMedian takes each figure's median on its own and adds the errors up.
func TestMedian(t *testing.T) {
	runs := []Stats{
		{Throughput: 300, P99: 9 * time.Millisecond, Mean: 3 * time.Millisecond, Errors: 1},
		{Throughput: 100, P99: 5 * time.Millisecond, Mean: 1 * time.Millisecond},
		{Throughput: 200, P99: 1 * time.Millisecond, Mean: 2 * time.Millisecond, Errors: 2},
	}
	m := Median(runs)
	if m.Throughput != 200 || m.P99 != 5*time.Millisecond || m.Mean != 2*time.Millisecond || m.Errors != 3 {
		t.Errorf("median %+v", m)
	}
}

// TestLoopback lets only this machine be loaded.
func TestLoopback(t *testing.T) {
	for base, ok := range map[string]bool{"http://127.0.0.1:8080": true, "http://localhost": true, "http://[::1]:1": true,
		"http://example.org": false, "http://10.0.0.1": false} {
		if err := Loopback(base); (err == nil) != ok {
			t.Errorf("%s: %v", base, err)
		}
	}
}
