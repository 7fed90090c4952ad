package httpapi

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestOverLimitBeforeContinue: a body whose Content-Length is over the
// limit is refused with 413 before any "100 Continue", and a client that
// sends it without waiting reads the 413, not a connection reset.
func TestOverLimitBeforeContinue(t *testing.T) {
	ts := newTestServer(t, Config{MaxBodyBytes: 1024, MaxStreamBytes: 2048})
	for _, tc := range []struct{ path string }{{"/v1/redact"}, {"/v1/redact/stream"}, {"/anonymize"}} {
		t.Run("expect "+tc.path, func(t *testing.T) {
			conn, err := net.Dial("tcp", ts.ts.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\nExpect: 100-continue\r\n\r\n", tc.path)
			_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "exceeds") || !resp.Close {
				t.Fatalf("got %d %q (close %v), want 413 before 100 Continue and a closed connection", resp.StatusCode, body, resp.Close)
			}
		})
	}
	t.Run("no expect: the 413 arrives, not a reset", func(t *testing.T) {
		big := bytes.Repeat([]byte("a"), 8<<20)
		for i := range 20 {
			req, _ := http.NewRequest(http.MethodPost, ts.ts.URL+"/v1/redact", bytes.NewReader(big))
			req.Header.Set("Content-Type", "text/plain")
			resp, err := testClient.Do(req)
			if err != nil {
				t.Fatalf("upload %d: %v", i, err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusRequestEntityTooLarge {
				t.Fatalf("upload %d: status %d", i, resp.StatusCode)
			}
		}
	})
}
