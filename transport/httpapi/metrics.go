package httpapi

import (
	"net/http"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the service's Prometheus series. Label values come from
// the route table, status codes, fixed reasons and rule/type names of the
// loaded policies — never from a payload.
type metrics struct {
	reg        *prometheus.Registry
	requests   *prometheus.CounterVec   // endpoint, code
	latency    *prometheus.HistogramVec // endpoint
	scanTime   *prometheus.HistogramVec // endpoint
	bytes      *prometheus.CounterVec   // endpoint
	findings   *prometheus.CounterVec   // type, rule
	rejected   *prometheus.CounterVec   // reason
	failClosed *prometheus.CounterVec   // reason
	inflight   prometheus.Gauge
	reloads    *prometheus.CounterVec // result
	policy     *prometheus.GaugeVec   // policy, version
}

func newMetrics(reg *prometheus.Registry) *metrics {
	if reg == nil {
		reg = prometheus.NewRegistry()
		reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	buckets := prometheus.ExponentialBuckets(50e-6, 2, 18) // 50µs .. 6.5s
	m := &metrics{
		reg: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sluice_http_requests_total", Help: "HTTP requests by endpoint and status code.",
		}, []string{"endpoint", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "sluice_http_request_duration_seconds", Help: "HTTP request latency by endpoint.", Buckets: buckets,
		}, []string{"endpoint"}),
		scanTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "sluice_scan_duration_seconds", Help: "Engine time per request by endpoint.", Buckets: buckets,
		}, []string{"endpoint"}),
		bytes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sluice_scanned_bytes_total", Help: "Decoded bytes scanned, by endpoint.",
		}, []string{"endpoint"}),
		findings: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sluice_findings_total", Help: "Findings by entity type and rule.",
		}, []string{"type", "rule"}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sluice_rejected_requests_total", Help: "Requests refused before scanning, by reason.",
		}, []string{"reason"}),
		failClosed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sluice_fail_closed_total", Help: "Scans that could not complete and returned no text, by reason.",
		}, []string{"reason"}),
		inflight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "sluice_http_requests_in_flight", Help: "Requests being served.",
		}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sluice_policy_reloads_total", Help: "Policy reloads by result (ok, error).",
		}, []string{"result"}),
		policy: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "sluice_policy_info", Help: "Active policies (value 1) by id and version.",
		}, []string{"policy", "version"}),
	}
	reg.MustRegister(m.requests, m.latency, m.scanTime, m.bytes, m.findings, m.rejected, m.failClosed, m.inflight, m.reloads, m.policy)
	return m
}

func (m *metrics) setPolicies(ps *policySet) {
	m.policy.Reset()
	for _, b := range ps.byPath {
		m.policy.WithLabelValues(b.id, b.version).Set(1)
	}
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// endpointMetrics are one endpoint's series, curried once.
type endpointMetrics struct {
	latency  prometheus.Observer
	scanTime prometheus.Observer
	bytes    prometheus.Counter
	codes    map[int]prometheus.Counter
	requests *prometheus.CounterVec
	name     string
}

func (m *metrics) endpoint(name string) *endpointMetrics {
	em := &endpointMetrics{
		latency:  m.latency.WithLabelValues(name),
		scanTime: m.scanTime.WithLabelValues(name),
		bytes:    m.bytes.WithLabelValues(name),
		codes:    map[int]prometheus.Counter{},
		requests: m.requests,
		name:     name,
	}
	for _, c := range []int{200, 400, 401, 403, 404, 405, 413, 415, 422, 429, 500, 503} {
		em.codes[c] = m.requests.WithLabelValues(name, strconv.Itoa(c))
	}
	return em
}

func (em *endpointMetrics) count(code int) {
	if c, ok := em.codes[code]; ok {
		c.Inc()
		return
	}
	em.requests.WithLabelValues(em.name, strconv.Itoa(code)).Inc()
}
