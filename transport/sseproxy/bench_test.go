package sseproxy

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// benchAnswer4K is a 4 KiB model answer with a few secrets and PII.
func benchAnswer4K() string {
	var b strings.Builder
	for b.Len() < 4096 {
		b.WriteString(answer)
		b.WriteString(" Then restart the service and check the dashboard for errors in the last hour. ")
	}
	return b.String()[:4096]
}

// chatEvents is the answer as OpenAI chunks of ~4 bytes (about one token
// each), each carrying its sequence number.
func chatEvents(text string) []string {
	var evs []string
	i := 0
	for off := 0; off < len(text); off += 4 {
		evs = append(evs, fmt.Sprintf("data: {\"id\":\"c\",\"seq\":%d,\"choices\":[{\"index\":0,\"delta\":{\"content\":%s},\"finish_reason\":null}]}\n\n", i, jsonStr(text[off:min(off+4, len(text))])))
		i++
	}
	evs = append(evs, fmt.Sprintf("data: {\"id\":\"c\",\"seq\":%d,\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n", i), "data: [DONE]\n\n")
	return evs
}

// BenchmarkSessionEvent is the proxy's CPU per SSE event: parsing the
// chunk, streaming its text through the scanner and writing it back, for
// a 4 KiB answer in ~4-byte deltas (SetBytes counts answer bytes).
func BenchmarkSessionEvent(b *testing.B) {
	s := scanner(b, nil)
	text := benchAnswer4K()
	var evs []*event
	for _, e := range chatEvents(text) {
		ev, _, err := newEventReader(strings.NewReader(e), MaxEventBytes).next()
		if err != nil {
			b.Fatal(err)
		}
		evs = append(evs, ev)
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	var out []byte
	for b.Loop() {
		ss := newSession(context.Background(), s, false)
		for _, ev := range evs {
			var err error
			if out, err = ss.handle(out[:0], ev); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(evs)), "ns/event")
}

// BenchmarkProxyLatency streams the answer from a real upstream through
// the proxy over loopback, and measures per event the time from the
// upstream writing it to the client reading it (p50/p99), beside the
// same measurement without the proxy ("direct"). The upstream sends the
// next event only when the client has read the last one (as a model
// emits tokens far slower than the proxy handles them), so the figure
// is the latency one event adds, not queueing.
func BenchmarkProxyLatency(b *testing.B) {
	s := scanner(b, nil)
	evs := chatEvents(benchAnswer4K())
	var mu sync.Mutex
	sent := make([]time.Time, len(evs))
	ack := make(chan struct{}, 1)
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		f := w.(http.Flusher)
		for i, e := range evs {
			mu.Lock()
			sent[i] = time.Now()
			mu.Unlock()
			_, _ = io.WriteString(w, e)
			f.Flush()
			if i < len(evs)-1 {
				select {
				case <-ack:
				case <-time.After(time.Second):
				case <-r.Context().Done():
					return
				}
			}
		}
	}))
	defer up.Close()
	u := up.URL
	for _, mode := range []string{"direct", "proxy"} {
		b.Run(mode, func(b *testing.B) {
			target := u
			if mode == "proxy" {
				target = newProxy(&testing.T{}, u, s).URL
			}
			var lat []time.Duration
			b.ReportAllocs()
			for b.Loop() {
				resp, err := http.Post(target+"/v1/chat/completions", "application/json", strings.NewReader(`{"stream":true}`))
				if err != nil {
					b.Fatal(err)
				}
				br := bufio.NewReader(resp.Body)
				seen := make([]bool, len(evs))
				for {
					line, err := br.ReadBytes('\n')
					if err != nil {
						break
					}
					now := time.Now()
					data, ok := bytes.CutPrefix(line, []byte("data: "))
					if !ok || bytes.HasPrefix(data, []byte("[DONE]")) {
						continue
					}
					var c struct {
						Seq int `json:"seq"`
					}
					if json.Unmarshal(data, &c) != nil || c.Seq >= len(evs) || seen[c.Seq] {
						continue
					}
					seen[c.Seq] = true
					mu.Lock()
					lat = append(lat, now.Sub(sent[c.Seq]))
					mu.Unlock()
					select {
					case ack <- struct{}{}:
					default:
					}
				}
				resp.Body.Close()
			}
			slices.Sort(lat)
			if len(lat) > 0 {
				b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "p50-µs/event")
				b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds())/1e3, "p99-µs/event")
			}
		})
	}
}
