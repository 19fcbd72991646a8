package jobs

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// Counter counts jobs by status; *store.Jobs implements it.
type Counter interface {
	CountJobs(ctx context.Context) (scrutineer.JobCounts, error)
}

// Metrics are the pool's Prometheus collectors:
//
//	scrutineer_jobs{status}                             jobs in each status, read from the database at each scrape
//	scrutineer_job_duration_seconds{kind,outcome}       how long each run took; outcome is done, retry, failed or released
//
// The counts come from the database, so every process reports the same numbers;
// durations are this process's own runs.
type Metrics struct {
	duration *prometheus.HistogramVec
}

// NewMetrics creates the collectors and registers them on reg (the admin listener's
// registry). Give the result to Pool.Metrics.
func NewMetrics(reg prometheus.Registerer, counts Counter) (*Metrics, error) {
	m := &Metrics{
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "scrutineer_job_duration_seconds",
			Help:    "How long background job runs took, by kind and outcome (done, retry, failed, released).",
			Buckets: []float64{0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120},
		}, []string{"kind", "outcome"}),
	}
	if err := reg.Register(m.duration); err != nil {
		return nil, err
	}
	if err := reg.Register(&countCollector{counts: counts, desc: jobsDesc}); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *Metrics) observe(kind, outcome string, d time.Duration) {
	if m == nil {
		return
	}
	m.duration.WithLabelValues(kind, outcome).Observe(d.Seconds())
}

var jobsDesc = prometheus.NewDesc("scrutineer_jobs", "Background jobs in each status (queued, running, done, failed).", []string{"status"}, nil)

// countCollector reads the counts at scrape time.
type countCollector struct {
	counts Counter
	desc   *prometheus.Desc
}

func (c *countCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *countCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(auth.SystemContext(context.Background()), 5*time.Second)
	defer cancel()
	counts, err := c.counts.CountJobs(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.desc, err)
		return
	}
	for _, st := range scrutineer.JobStatuses {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(counts[st]), string(st))
	}
}
