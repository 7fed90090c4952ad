package httpapi

import (
	"slices"
	"strings"
	"testing"

	vm "github.com/VictoriaMetrics/metrics"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// scrape reads /metrics and parses it with Prometheus's own text parser,
// so the test fails on anything a Prometheus server would refuse.
func scrape(t *testing.T, ts *testServer) (string, map[string]*dto.MetricFamily) {
	t.Helper()
	r := ts.do(t, "GET", "/metrics", nil)
	if r.status != 200 {
		t.Fatalf("/metrics: %d %s", r.status, r)
	}
	if ct := r.header.Get("Content-Type"); ct != "text/plain; version=0.0.4; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	p := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(r.String()))
	if err != nil {
		t.Fatalf("Prometheus parser refuses /metrics: %v\n%s", err, r)
	}
	return r.String(), fams
}

// series returns the family's series whose labels include want.
func series(fams map[string]*dto.MetricFamily, name string, want map[string]string) *dto.Metric {
	f := fams[name]
	if f == nil {
		return nil
	}
next:
	for _, m := range f.GetMetric() {
		got := map[string]string{}
		for _, lp := range m.GetLabel() {
			got[lp.GetName()] = lp.GetValue()
		}
		for k, v := range want {
			if got[k] != v {
				continue next
			}
		}
		return m
	}
	return nil
}

func TestMetricsExposition(t *testing.T) {
	ts := newTestServer(t, Config{})
	const secret = "AKIAQYLPMN5HHHFPZAM2"
	r := ts.do(t, "POST", "/v1/redact", []byte(`{"text":"mail bob@example.com, key `+secret+`"}`), "Content-Type", "application/json")
	if r.status != 200 {
		t.Fatalf("redact: %d %s", r.status, r)
	}
	ts.do(t, "GET", "/v1/redact", nil) // 405, counted as reason="method"
	text, fams := scrape(t, ts)
	if strings.Contains(text, secret) || strings.Contains(text, "bob@") {
		t.Fatal("a matched value is in /metrics")
	}

	types := map[string]dto.MetricType{
		"sluice_http_requests_total":           dto.MetricType_COUNTER,
		"sluice_http_request_duration_seconds": dto.MetricType_HISTOGRAM,
		"sluice_scan_duration_seconds":         dto.MetricType_HISTOGRAM,
		"sluice_scanned_bytes_total":           dto.MetricType_COUNTER,
		"sluice_findings_total":                dto.MetricType_COUNTER,
		"sluice_rejected_requests_total":       dto.MetricType_COUNTER,
		"sluice_http_requests_in_flight":       dto.MetricType_GAUGE,
		"sluice_policy_info":                   dto.MetricType_GAUGE,
	}
	for name, typ := range types {
		f := fams[name]
		if f == nil {
			t.Errorf("no %s", name)
			continue
		}
		if f.GetType() != typ {
			t.Errorf("%s: type %v, want %v", name, f.GetType(), typ)
		}
		if f.GetHelp() != help[name] {
			t.Errorf("%s: help %q, want %q", name, f.GetHelp(), help[name])
		}
	}

	checks := []struct {
		name   string
		labels map[string]string
		value  float64
	}{
		{"sluice_http_requests_total", map[string]string{"endpoint": "redact", "code": "200"}, 1},
		{"sluice_rejected_requests_total", map[string]string{"reason": "method"}, 1},
		{"sluice_findings_total", map[string]string{"type": "EMAIL_ADDRESS", "rule": "email"}, 1},
		{"sluice_policy_info", map[string]string{"policy": "default", "version": "1"}, 1},
		// The scrape itself is in flight while the page is written.
		{"sluice_http_requests_in_flight", nil, 1},
	}
	for _, c := range checks {
		m := series(fams, c.name, c.labels)
		if m == nil {
			t.Errorf("no %s%v", c.name, c.labels)
			continue
		}
		v := m.GetCounter().GetValue() + m.GetGauge().GetValue()
		if v != c.value {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, v, c.value)
		}
	}
	if m := series(fams, "sluice_scanned_bytes_total", map[string]string{"endpoint": "redact"}); m == nil || m.GetCounter().GetValue() < 30 {
		t.Errorf("scanned bytes: %v", m)
	}

	want := vm.ExponentialBuckets(50e-6, 2, 18)
	// Both requests took time on the endpoint; only the POST was scanned.
	for name, count := range map[string]uint64{"sluice_http_request_duration_seconds": 2, "sluice_scan_duration_seconds": 1} {
		m := series(fams, name, map[string]string{"endpoint": "redact"})
		if m == nil {
			t.Errorf("no %s{endpoint=redact}", name)
			continue
		}
		h := m.GetHistogram()
		var bounds []float64
		for _, b := range h.GetBucket() {
			bounds = append(bounds, b.GetUpperBound())
		}
		// The parser keeps the +Inf bucket; the count is its value.
		if n := len(bounds); n != len(want)+1 || !slices.Equal(bounds[:n-1], want) || h.GetBucket()[n-1].GetCumulativeCount() != h.GetSampleCount() {
			t.Errorf("%s buckets %v, want %v and +Inf", name, bounds, want)
		}
		if h.GetSampleCount() != count || h.GetSampleSum() <= 0 {
			t.Errorf("%s: count %d sum %v, want %d observations", name, h.GetSampleCount(), h.GetSampleSum(), count)
		}
	}
	if !strings.Contains(text, `sluice_http_request_duration_seconds_bucket{endpoint="redact",le="5e-05"} `) {
		t.Error(`le values are not written as client_golang wrote them ("5e-05")`)
	}

	for _, name := range []string{"go_goroutines", "go_memstats_heap_alloc_bytes", "go_gc_duration_seconds", "process_cpu_seconds_total", "process_resident_memory_bytes", "process_start_time_seconds"} {
		if fams[name] == nil {
			t.Errorf("no %s", name)
		}
	}
}

// TestMetricsPerServer: two services in one process keep their own series.
func TestMetricsPerServer(t *testing.T) {
	a := newTestServer(t, Config{})
	b := newTestServer(t, Config{})
	if a.Metrics() == b.Metrics() {
		t.Fatal("two servers share one metrics set")
	}
	for range 3 {
		a.do(t, "POST", "/v1/redact", []byte(`{"text":"hi"}`), "Content-Type", "application/json")
	}
	b.do(t, "POST", "/v1/redact", []byte(`{"text":"hi"}`), "Content-Type", "application/json")
	for _, c := range []struct {
		ts   *testServer
		want float64
	}{{a, 3}, {b, 1}} {
		_, fams := scrape(t, c.ts)
		m := series(fams, "sluice_http_requests_total", map[string]string{"endpoint": "redact", "code": "200"})
		if m == nil || m.GetCounter().GetValue() != c.want {
			t.Errorf("requests = %v, want %v", m, c.want)
		}
	}
}

// TestMetricsGzip: a scraper asking for gzip gets it, as from promhttp.
func TestMetricsGzip(t *testing.T) {
	ts := newTestServer(t, Config{})
	r := ts.do(t, "GET", "/metrics", nil, "Accept-Encoding", "gzip")
	if r.status != 200 || r.header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("status %d, Content-Encoding %q", r.status, r.header.Get("Content-Encoding"))
	}
}

func TestPolicyInfoFollowsReload(t *testing.T) {
	m := newMetrics(nil)
	set := func(bs ...*binding) {
		ps := &policySet{byPath: map[string]*binding{}}
		for _, b := range bs {
			ps.byPath[b.id] = b
		}
		m.setPolicies(ps)
	}
	set(&binding{id: "a", version: "1"}, &binding{id: "b", version: "7"})
	set(&binding{id: "a", version: "2"})
	got := m.set.ListMetricNames()
	want := []string{
		`sluice_http_requests_in_flight`,
		`sluice_policy_info{policy="a",version="2"}`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("series %q, want %q", got, want)
	}
}

func TestSeriesName(t *testing.T) {
	tests := []struct {
		labels, values []string
		want           string
	}{
		{[]string{"endpoint"}, []string{"redact"}, `f{endpoint="redact"}`},
		{[]string{"type", "rule"}, []string{"EMAIL_ADDRESS", "email"}, `f{rule="email",type="EMAIL_ADDRESS"}`},
		{[]string{"rule"}, []string{`a"b\c` + "\nd"}, `f{rule="a\"b\\c\nd"}`},
		{[]string{"rule"}, []string{"x\xffy"}, `f{rule="x` + "\uFFFD" + `y"}`},
		{[]string{"rule"}, []string{"}{,="}, `f{rule="}{,="}`},
	}
	for _, tc := range tests {
		got := seriesName("f", tc.labels, tc.values)
		if got != tc.want {
			t.Errorf("seriesName(%q) = %q, want %q", tc.values, got, tc.want)
		}
		if err := vm.ValidateMetric(got); err != nil {
			t.Errorf("%q: %v", got, err)
		}
		// The library registers it, and the reference parser reads it back.
		s := vm.NewSet()
		s.NewCounter(got).Inc()
		var b strings.Builder
		s.WritePrometheus(&b)
		p := expfmt.NewTextParser(model.LegacyValidation)
		fams, err := p.TextToMetricFamilies(strings.NewReader(b.String()))
		if err != nil {
			t.Errorf("%q: %v", b.String(), err)
			continue
		}
		m := fams["f"].GetMetric()[0]
		for _, lp := range m.GetLabel() {
			i := slices.Index(tc.labels, lp.GetName())
			if want := strings.ToValidUTF8(tc.values[i], "\uFFFD"); lp.GetValue() != want {
				t.Errorf("label %s read back as %q, want %q", lp.GetName(), lp.GetValue(), want)
			}
		}
	}
}

// TestFamilyNoAlloc: counting a finding of a known rule allocates nothing.
func TestFamilyNoAlloc(t *testing.T) {
	m := newMetrics(nil)
	m.findings.with("EMAIL_ADDRESS", "email").Inc()
	typ, rule := "EMAIL_ADDRESS", "email"
	if n := testing.AllocsPerRun(100, func() { m.findings.with(typ, rule).Inc() }); n != 0 {
		t.Errorf("%v allocs per finding", n)
	}
	if got := m.findings.with(typ, rule).Get(); got != 102 {
		t.Errorf("count %d, want 102", got)
	}
}
