// Package httpload is a bounded HTTP load generator for sluice serve on
// loopback: a fixed number of requests (or a fixed duration), at a fixed
// rate or as fast as a fixed number of keep-alive connections allow, with
// latency percentiles. It refuses any address that is not loopback.
package httpload

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options bound one run. At least one of Requests and Duration must be set.
type Options struct {
	URL    string // http://127.0.0.1:PORT/v1/redact
	Body   []byte
	Header http.Header
	// Rate is requests per second, scheduled open-loop (request i is due
	// at start+i/Rate whatever happened before). 0 runs closed-loop: each
	// connection sends its next request when the last one is answered.
	Rate float64
	// Requests stops the run after this many requests.
	Requests int
	// Duration stops the run after this long.
	Duration time.Duration
	// Concurrency is the number of connections (workers). Default 16.
	Concurrency int
}

// Result summarises a run. Latency is measured from sending the request
// to reading the whole answer.
type Result struct {
	Requests   int
	Errors     int // transport errors and non-2xx answers
	Late       int // fixed rate: requests sent more than 1 ms after they were due
	Elapsed    time.Duration
	Throughput float64 // answered requests per second
	P50, P90   time.Duration
	P99, P999  time.Duration
	Max        time.Duration
}

func (r Result) String() string {
	return fmt.Sprintf("%d requests in %s: %.0f req/s, p50 %s, p90 %s, p99 %s, p99.9 %s, max %s, errors %d, late %d",
		r.Requests, r.Elapsed.Round(time.Millisecond), r.Throughput, r.P50, r.P90, r.P99, r.P999, r.Max, r.Errors, r.Late)
}

// ErrNotLoopback: the target is not a loopback address.
var ErrNotLoopback = errors.New("httpload only targets loopback addresses")

func checkLoopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("httpload: url: %w", err)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("%w: %q", ErrNotLoopback, host)
}

// Run sends the load and waits for every answer.
func Run(ctx context.Context, o Options) (Result, error) {
	if err := checkLoopback(o.URL); err != nil {
		return Result{}, err
	}
	if o.Requests <= 0 && o.Duration <= 0 {
		return Result{}, errors.New("httpload: set Requests or Duration (runs are bounded)")
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 16
	}
	n := o.Requests
	if n <= 0 {
		// Duration only: bound the slots by what the rate can use.
		n = 1 << 30
		if o.Rate > 0 {
			n = int(o.Rate*o.Duration.Seconds()) + 1
		}
	}
	if o.Duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.Duration)
		defer cancel()
	}
	tr := &http.Transport{
		MaxIdleConns:        o.Concurrency,
		MaxIdleConnsPerHost: o.Concurrency,
		MaxConnsPerHost:     o.Concurrency,
		DisableCompression:  true,
		IdleConnTimeout:     time.Minute,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}

	lat := make([]time.Duration, 0, min(n, 1<<20))
	var (
		mu     sync.Mutex
		next   atomic.Int64
		errs   atomic.Int64
		late   atomic.Int64
		wg     sync.WaitGroup
		start  = time.Now()
		period time.Duration
	)
	if o.Rate > 0 {
		period = time.Duration(float64(time.Second) / o.Rate)
	}
	for range o.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]time.Duration, 0, 1024)
			defer func() {
				mu.Lock()
				lat = append(lat, local...)
				mu.Unlock()
			}()
			for {
				i := next.Add(1) - 1
				if i >= int64(n) || ctx.Err() != nil {
					return
				}
				if period > 0 {
					due := start.Add(time.Duration(i) * period)
					if d := time.Until(due); d > 0 {
						t := time.NewTimer(d)
						select {
						case <-ctx.Done():
							t.Stop()
							return
						case <-t.C:
						}
					} else if -d > time.Millisecond {
						late.Add(1)
					}
				}
				t0 := time.Now()
				ok := send(ctx, client, o)
				if ctx.Err() != nil && !ok {
					return // the run ended mid-request: not a server error
				}
				local = append(local, time.Since(t0))
				if !ok {
					errs.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	res := Result{Requests: len(lat), Errors: int(errs.Load()), Late: int(late.Load()), Elapsed: elapsed}
	if len(lat) == 0 {
		return res, errors.New("httpload: no request completed")
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	res.P50, res.P90, res.P99, res.P999, res.Max = pct(0.50), pct(0.90), pct(0.99), pct(0.999), lat[len(lat)-1]
	res.Throughput = float64(len(lat)) / elapsed.Seconds()
	return res, nil
}

func send(ctx context.Context, c *http.Client, o Options) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, o.URL, bytes.NewReader(o.Body))
	if err != nil {
		return false
	}
	for k, v := range o.Header {
		req.Header[k] = v
	}
	if req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		return false
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return err == nil && resp.StatusCode/100 == 2
}

// Body returns a JSON redact request of exactly size bytes: English-like
// model output with one email address, one phone number and one AWS key
// in it (a typical answer holds a few findings, not dozens).
func Body(size int) []byte {
	const prefix, suffix = `{"text":"`, `"}`
	pii := "If anything looks off, write to jane.doe@example.com or call +1 415 555 0132; " +
		"the deploy key AKIAZ3MSJV4WXLGPTQ7R was rotated last week. "
	prose := []string{
		"The quarterly report is attached; please review the figures before Thursday. ",
		"Revenue grew in every region except the north, where two contracts slipped. ",
		"The migration to the new cluster finished without downtime over the weekend. ",
		"Meanwhile the team keeps shipping small, careful changes and measuring each one. ",
		"Here is a summary of the main points, followed by a longer explanation. ",
		"In short, the model answered correctly but cited an outdated source twice. ",
	}
	var b strings.Builder
	b.WriteString(prefix)
	for i := 0; b.Len() < size-len(suffix); i++ {
		if i == 3 {
			b.WriteString(pii)
		}
		b.WriteString(prose[i%len(prose)])
	}
	s := strings.TrimRight(b.String()[:size-len(suffix)], " ")
	for len(s) < size-len(suffix) {
		s += "."
	}
	return []byte(s + suffix)
}
