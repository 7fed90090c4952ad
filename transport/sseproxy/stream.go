package sseproxy

import (
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/sluice-dlp/sluice/engine"
	"github.com/sluice-dlp/sluice/internal/jsonx"
)

// streamResponse relays an event stream, redacting event by event and
// flushing each one to the client.
func (p *Proxy) streamResponse(w http.ResponseWriter, r *http.Request, s *engine.Scanner, resp *http.Response, start time.Time) {
	copyHeader(w.Header(), resp.Header)
	w.Header().Del("Content-Length")
	w.Header().Set("Sluice-Policy", s.Policy().ID)
	w.WriteHeader(resp.StatusCode)
	rc := http.NewResponseController(w)
	_ = rc.Flush()

	ss := newSession(r.Context(), s, p.cfg.Thinking == ThinkingPass)
	er := newEventReader(resp.Body, MaxEventBytes)
	var out []byte
	events := 0
	fail := func(reason string, err error) {
		// Fail closed: what the streams still hold is dropped.
		p.log.Warn("stream cut", "path", r.URL.Path, "reason", reason, "events", events, "error", safeReason(err))
		_, _ = w.Write(errorEvent(reason))
		_ = rc.Flush()
	}
	for {
		ev, partial, err := er.next()
		if errors.Is(err, io.EOF) {
			switch {
			case partial:
				fail("upstream stream ended inside an event", io.ErrUnexpectedEOF)
				return
			case len(ss.open) > 0 && !ss.finished:
				fail("upstream stream ended before it finished", io.ErrUnexpectedEOF)
				return
			}
			break
		}
		if err != nil {
			if errors.Is(err, errEventTooLong) {
				fail("upstream event too long", err)
			} else {
				fail("upstream stream broke off", err)
			}
			return
		}
		events++
		out, err = ss.handle(out[:0], ev)
		if errors.Is(err, errUpstreamError) {
			// Forward the upstream's own (redacted) error; the held rest is
			// dropped.
			_, _ = w.Write(out)
			_ = rc.Flush()
			p.log.Warn("upstream error event; held text dropped", "path", r.URL.Path, "events", events)
			return
		}
		if err != nil {
			_, _ = w.Write(out)
			fail("stream could not be scanned: "+safeReason(err), err)
			return
		}
		if _, err := w.Write(out); err != nil {
			return // client gone
		}
		_ = rc.Flush()
	}
	p.log.Info("stream redacted", "path", r.URL.Path, "events", events, "findings", ss.findings, "types", ss.typeList(), "duration", time.Since(start).String())
}

// errorEvent is the event that ends a stream the proxy had to cut. It is
// named "error" (Anthropic's and the Responses API's SDKs raise on it)
// and its data has an "error" object (OpenAI's chat SDKs raise on that).
func errorEvent(msg string) []byte {
	m := string(jsonx.AppendString(nil, "sluice: "+msg))
	data := `{"type":"error","error":{"type":"sluice_error","code":"stream_aborted","message":` + m + `},"code":"sluice_stream_aborted","message":` + m + `}`
	return appendEvent(nil, "error", nil, false, nil, []byte(data))
}
