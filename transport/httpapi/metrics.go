package httpapi

import (
	"bytes"
	"sort"
	"strconv"
	"strings"
	"sync"

	vm "github.com/VictoriaMetrics/metrics"
)

// The series are kept with github.com/VictoriaMetrics/metrics rather than
// prometheus/client_golang because every sluice process links this package,
// and client_golang's package init (default registry, Go and process
// collectors, protobuf descriptors, procfs and common/model regexps) cost
// each fresh process ~2 ms before main — a sizeable share of a 60 ms
// `sluice scan`. The exposition stays the Prometheus text format with the
// same names, labels and buckets.

// metrics are the service's Prometheus series. Label values come from
// the route table, status codes, fixed reasons and rule/type names of the
// loaded policies — never from a payload.
type metrics struct {
	set        *vm.Set
	requests   *family[*vm.Counter]             // endpoint, code
	latency    *family[*vm.PrometheusHistogram] // endpoint
	scanTime   *family[*vm.PrometheusHistogram] // endpoint
	bytes      *family[*vm.Counter]             // endpoint
	findings   *family[*vm.Counter]             // type, rule
	rejected   *family[*vm.Counter]             // reason
	failClosed *family[*vm.Counter]             // reason
	inflight   *vm.Gauge
	reloads    *family[*vm.Counter] // result
	policyMu   sync.Mutex
	policy     []string // series names of sluice_policy_info now set
}

// help is each family's # HELP text; the library writes the line with the
// name only, and writeTo adds the text.
var help = map[string]string{
	"sluice_http_requests_total":           "HTTP requests by endpoint and status code.",
	"sluice_http_request_duration_seconds": "HTTP request latency by endpoint.",
	"sluice_scan_duration_seconds":         "Engine time per request by endpoint.",
	"sluice_scanned_bytes_total":           "Decoded bytes scanned, by endpoint.",
	"sluice_findings_total":                "Findings by entity type and rule.",
	"sluice_rejected_requests_total":       "Requests refused before scanning, by reason.",
	"sluice_fail_closed_total":             "Scans that could not complete and returned no text, by reason.",
	"sluice_http_requests_in_flight":       "Requests being served.",
	"sluice_policy_reloads_total":          "Policy reloads by result (ok, error).",
	"sluice_policy_info":                   "Active policies (value 1) by id and version.",
}

// latencyBuckets are the histograms' upper bounds: 50µs .. 6.5s.
var latencyBuckets = vm.ExponentialBuckets(50e-6, 2, 18)

func newMetrics(set *vm.Set) *metrics {
	if set == nil {
		set = vm.NewSet()
	}
	// Process-wide and idempotent: # HELP and # TYPE lines on every family.
	vm.ExposeMetadata(true)
	counter := func(name string, labels ...string) *family[*vm.Counter] {
		return newFamily(name, labels, set.GetOrCreateCounter)
	}
	histogram := func(name string, labels ...string) *family[*vm.PrometheusHistogram] {
		return newFamily(name, labels, func(series string) *vm.PrometheusHistogram {
			return set.GetOrCreatePrometheusHistogramExt(series, latencyBuckets)
		})
	}
	return &metrics{
		set:        set,
		requests:   counter("sluice_http_requests_total", "endpoint", "code"),
		latency:    histogram("sluice_http_request_duration_seconds", "endpoint"),
		scanTime:   histogram("sluice_scan_duration_seconds", "endpoint"),
		bytes:      counter("sluice_scanned_bytes_total", "endpoint"),
		findings:   counter("sluice_findings_total", "type", "rule"),
		rejected:   counter("sluice_rejected_requests_total", "reason"),
		failClosed: counter("sluice_fail_closed_total", "reason"),
		inflight:   set.GetOrCreateGauge("sluice_http_requests_in_flight", nil),
		reloads:    counter("sluice_policy_reloads_total", "result"),
	}
}

func (m *metrics) setPolicies(ps *policySet) {
	m.policyMu.Lock()
	defer m.policyMu.Unlock()
	for _, name := range m.policy {
		m.set.UnregisterMetric(name)
	}
	m.policy = m.policy[:0]
	for _, b := range ps.byPath {
		name := seriesName("sluice_policy_info", []string{"policy", "version"}, []string{b.id, b.version})
		m.set.GetOrCreateGauge(name, nil).Set(1)
		m.policy = append(m.policy, name)
	}
}

// writeTo writes the exposition: the service's series, then the Go
// runtime's and the process's (shared by every Server in the process).
func (m *metrics) writeTo(out *bytes.Buffer) {
	var raw bytes.Buffer
	m.set.WritePrometheus(&raw)
	vm.WriteProcessMetrics(&raw)
	vm.WriteFDMetrics(&raw)
	for line := range bytes.Lines(raw.Bytes()) {
		if name, ok := bytes.CutPrefix(line, []byte("# HELP ")); ok {
			if h, ok := help[string(bytes.TrimSuffix(name, []byte("\n")))]; ok {
				out.Write(line[:len(line)-1])
				out.WriteString(" " + h + "\n")
				continue
			}
		}
		out.Write(line)
	}
}

// endpointMetrics are one endpoint's series, looked up once.
type endpointMetrics struct {
	latency  *vm.PrometheusHistogram
	scanTime *vm.PrometheusHistogram
	bytes    *vm.Counter
	codes    map[int]*vm.Counter
	requests *family[*vm.Counter]
	name     string
}

func (m *metrics) endpoint(name string) *endpointMetrics {
	em := &endpointMetrics{
		latency:  m.latency.with(name),
		scanTime: m.scanTime.with(name),
		bytes:    m.bytes.with(name),
		codes:    map[int]*vm.Counter{},
		requests: m.requests,
		name:     name,
	}
	for _, c := range []int{200, 400, 401, 403, 404, 405, 413, 415, 422, 429, 500, 503} {
		em.codes[c] = m.requests.with(name, strconv.Itoa(c))
	}
	return em
}

func (em *endpointMetrics) count(code int) {
	if c, ok := em.codes[code]; ok {
		c.Inc()
		return
	}
	em.requests.with(em.name, strconv.Itoa(code)).Inc()
}

// family is a metric with labels: one series per distinct label values,
// created in the Set on first use and then found without allocating.
type family[T any] struct {
	name   string
	labels []string
	create func(series string) T
	mu     sync.RWMutex
	series map[[2]string]T
}

func newFamily[T any](name string, labels []string, create func(string) T) *family[T] {
	if len(labels) == 0 || len(labels) > 2 {
		panic("httpapi: a metric family has one or two labels: " + name)
	}
	return &family[T]{name: name, labels: labels, create: create, series: map[[2]string]T{}}
}

// with returns the series of the given label values, in the order of the
// family's labels.
func (f *family[T]) with(values ...string) T {
	if len(values) != len(f.labels) {
		panic("httpapi: " + f.name + " takes " + strconv.Itoa(len(f.labels)) + " label values")
	}
	var key [2]string
	copy(key[:], values)
	f.mu.RLock()
	s, ok := f.series[key]
	f.mu.RUnlock()
	if ok {
		return s
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if s, ok = f.series[key]; !ok {
		s = f.create(seriesName(f.name, f.labels, key[:len(f.labels)]))
		f.series[key] = s
	}
	return s
}

// seriesName renders name{label="value",...} with the labels sorted by
// name, as client_golang wrote them, and values escaped as the text
// format wants (backslash, double quote, line feed; invalid UTF-8 replaced).
func seriesName(name string, labels, values []string) string {
	idx := make([]int, len(labels))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return labels[idx[a]] < labels[idx[b]] })
	var sb strings.Builder
	sb.WriteString(name)
	sb.WriteByte('{')
	for n, i := range idx {
		if n > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(labels[i])
		sb.WriteString(`="`)
		sb.WriteString(labelEscaper.Replace(strings.ToValidUTF8(values[i], "\uFFFD")))
		sb.WriteByte('"')
	}
	sb.WriteByte('}')
	return sb.String()
}

var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
