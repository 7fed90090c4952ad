package httpapi

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sluice-dlp/sluice/engine"
	"github.com/sluice-dlp/sluice/transport/codec"
)

// streamPost sends chunks through a pipe so the body really arrives in
// pieces (chunked transfer encoding).
func streamPost(t *testing.T, ts *testServer, chunks []string, headers ...string) (*http.Response, []byte, error) {
	t.Helper()
	pr, pw := io.Pipe()
	go func() {
		for _, c := range chunks {
			if _, err := pw.Write([]byte(c)); err != nil {
				return
			}
		}
		pw.Close()
	}()
	req, err := http.NewRequest(http.MethodPost, ts.ts.URL+"/v1/redact/stream", pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "text/plain")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

func TestStream(t *testing.T) {
	ts := newTestServer(t, Config{})
	text := strings.Repeat("line with bob@example.com and AKIAZ3MSJV4WXLGPTQ7R inside\n", 200)
	want, err := ts.Current().Redact(context.Background(), []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	splits := map[string][]string{
		"one chunk":   {text},
		"byte splits": splitEvery(text, 7),
		"big chunks":  splitEvery(text, 5000),
	}
	for name, chunks := range splits {
		t.Run(name, func(t *testing.T) {
			resp, got, err := streamPost(t, ts, chunks)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, got)
			}
			if !bytes.Equal(got, want.Redacted) {
				t.Fatalf("stream output differs from Redact")
			}
			f := resp.Trailer.Get("Sluice-Findings")
			if f == "" {
				f = resp.Header.Get("Sluice-Findings")
			}
			if f != "400" {
				t.Errorf("Sluice-Findings %q, want 400", f)
			}
		})
	}
	t.Run("gzip input", func(t *testing.T) {
		z := gz(t, codec.Gzip, []byte(text))
		resp, got, err := streamPost(t, ts, splitEvery(string(z), 100), "Content-Encoding", "gzip")
		if err != nil || resp.StatusCode != 200 || !bytes.Equal(got, want.Redacted) {
			t.Fatalf("gzip stream: %v %v", err, resp)
		}
	})
}

func splitEvery(s string, n int) []string {
	var out []string
	for len(s) > n {
		out = append(out, s[:n])
		s = s[n:]
	}
	return append(out, s)
}

func TestStreamFailures(t *testing.T) {
	ts := newTestServer(t, Config{MaxStreamBytes: 1 << 10})
	tests := []struct {
		name    string
		chunks  []string
		headers []string
		status  int
		want    string
	}{
		{"too large", splitEvery(strings.Repeat("bob@example.com ", 200), 100), nil, 413, "stream exceeds 1024 bytes"},
		{"bomb", []string{string(gz(t, codec.Zstd, make([]byte, 1<<20)))}, []string{"Content-Encoding", "zstd"}, 413, "stream exceeds"},
		{"corrupt gzip", []string{"\x1f\x8b\x08\x00not really gzip at all"}, []string{"Content-Encoding", "gzip"}, 400, "does not decode as gzip"},
		{"unsupported encoding", []string{"x"}, []string{"Content-Encoding", "compress"}, 415, "unsupported Content-Encoding"},
		{"exactly the limit", []string{strings.Repeat("a", 1<<10)}, nil, 200, strings.Repeat("a", 1<<10)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, got, err := streamPost(t, ts, tc.chunks, tc.headers...)
			if err != nil {
				if tc.status == 413 {
					// The server answers 413 and closes while the client
					// is still sending; the client may see the reset
					// before the answer. Either way it got no text.
					t.Logf("connection closed before the 413 was read: %v", err)
					return
				}
				t.Fatal(err)
			}
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, got)
			}
			if !strings.Contains(string(got), tc.want) || strings.Contains(string(got), "bob@") {
				t.Errorf("body %s", got)
			}
		})
	}
}

// failAfter fails the scan once the stream is closed, after output has
// already started; the connection must be cut, and nothing unredacted
// sent.
type failRecognizer struct{}

func (failRecognizer) Recognize(_ context.Context, text []byte, dst []engine.Finding) ([]engine.Finding, error) {
	if bytes.Contains(text, []byte("boom")) {
		return dst, engine.ErrBudget
	}
	return dst, nil
}

func TestStreamFailsClosed(t *testing.T) {
	ts := newTestServer(t, Config{Compile: func(p *engine.Policy) (*engine.Scanner, error) {
		return engine.Compile(p, engine.WithRecognizer(failRecognizer{}))
	}})
	tests := map[string][]string{
		"before output": {"secret AKIAZ3MSJV4WXLGPTQ7R ", "boom"},
	}
	for name, chunks := range tests {
		t.Run(name, func(t *testing.T) {
			resp, got, err := streamPost(t, ts, chunks)
			if err == nil && resp.StatusCode == 200 {
				t.Fatalf("a failed stream looked complete (%d bytes)", len(got))
			}
			if bytes.Contains(got, []byte("AKIAZ3")) {
				t.Fatalf("unredacted bytes sent")
			}
			t.Logf("%d bytes before the failure; err %v", len(got), err)
		})
	}
}

// TestStreamFlushesBeforeEOF proves the answer streams: the redacted
// first part arrives while the request body is still open.
func TestStreamFlushesBeforeEOF(t *testing.T) {
	ts := newTestServer(t, Config{})
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ts.ts.URL+"/v1/redact/stream", pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "text/plain")
	type answer struct {
		resp *http.Response
		err  error
	}
	got := make(chan answer, 1)
	go func() {
		resp, err := testClient.Do(req)
		got <- answer{resp, err}
	}()
	// More than the longest hold-back (private keys: 16 KiB).
	first := "mail bob@example.com now. " + strings.Repeat("plain words without anything in them. ", 1200)
	// A pipe write blocks until the transport reads it; never let a stuck
	// server hang the suite.
	wrote := make(chan error, 1)
	go func() {
		_, err := pw.Write([]byte(first))
		wrote <- err
	}()
	var a answer
	select {
	case a = <-got:
	case <-ctx.Done():
		pr.CloseWithError(ctx.Err())
		t.Fatal("no response headers before the body ended")
	}
	if a.err != nil {
		t.Fatal(a.err)
	}
	defer a.resp.Body.Close()
	buf := make([]byte, 64<<10)
	var out []byte
	for !bytes.Contains(out, []byte("<EMAIL_ADDRESS> now.")) {
		n, err := a.resp.Body.Read(buf)
		out = append(out, buf[:n]...)
		if err != nil {
			t.Fatalf("body ended before the first part was released: %v (%q)", err, out)
		}
	}
	if bytes.Contains(out, []byte("bob@")) {
		t.Fatal("unredacted output")
	}
	if err := <-wrote; err != nil {
		t.Fatal(err)
	}
	if _, err := pw.Write([]byte("and key AKIAZ3MSJV4WXLGPTQ7R")); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	rest, err := io.ReadAll(a.resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, rest...)
	if !bytes.HasSuffix(out, []byte("and key <AWS_ACCESS_KEY_ID>")) {
		t.Errorf("tail %q", out[max(0, len(out)-60):])
	}
	if f := a.resp.Trailer.Get("Sluice-Findings"); f != "2" {
		t.Errorf("trailer Sluice-Findings %q, want 2", f)
	}
}

// TestStreamAbortsAfterOutput: when the scan fails after redacted bytes
// went out (here: the stream deadline passes), the connection is cut (no
// clean end, no trailer) and the rest never goes out.
func TestStreamAbortsAfterOutput(t *testing.T) {
	// Long enough for a first scan under -race on a loaded 2-core machine
	// (a cold scanner compiles its programs then); 500ms was not.
	const limit = 3 * time.Second
	ts := newTestServer(t, Config{StreamTimeout: limit})
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ts.ts.URL+"/v1/redact/stream", pr)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan *http.Response, 1)
	go func() {
		resp, err := testClient.Do(req)
		if err != nil {
			t.Error(err)
			close(got)
			return
		}
		got <- resp
	}()
	deadline := time.Now().Add(limit)
	if _, err := pw.Write([]byte("mail bob@example.com now. " + strings.Repeat("plain words without anything in them. ", 1200))); err != nil {
		t.Fatal(err)
	}
	resp := <-got
	if resp == nil {
		t.FailNow()
	}
	defer resp.Body.Close()
	buf := make([]byte, 64<<10)
	n, err := resp.Body.Read(buf)
	if (n == 0 || err != nil) && time.Now().After(deadline) {
		t.Skipf("machine too slow: the deadline passed before the first output (%v)", err)
	}
	if n == 0 || err != nil {
		t.Fatalf("no output before the deadline: %v", err)
	}
	if time.Now().After(deadline) {
		t.Skip("machine too slow to reach the deadline after the first output")
	}
	for time.Now().Before(deadline.Add(50 * time.Millisecond)) {
		time.Sleep(10 * time.Millisecond) // the point is for the deadline to pass
	}
	_, _ = pw.Write([]byte(" key AKIAZ3MSJV4WXLGPTQ7R " + strings.Repeat("more words. ", 3000)))
	pw.Close()
	rest, err := io.ReadAll(resp.Body)
	if err == nil {
		t.Fatalf("stream ended cleanly after a failed scan (trailer %q)", resp.Trailer.Get("Sluice-Findings"))
	}
	if bytes.Contains(rest, []byte("AKIAZ3")) || bytes.Contains(buf[:n], []byte("bob@")) {
		t.Fatal("unredacted bytes sent")
	}
	if !strings.Contains(ts.metrics(t), `sluice_fail_closed_total{reason="timeout"} 1`) {
		t.Error("abort not counted as fail-closed")
	}
}
