package httpapi

import (
	"context"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestStreamWriteDeadlinePerWrite: with a policy that sees the whole
// text, a stream's output comes only at its end; the write timeout
// counts per write, not from the request headers, so a body that takes
// longer than --write-timeout to arrive still gets its whole answer.
func TestStreamWriteDeadlinePerWrite(t *testing.T) {
	pol := writeTemp(t, "id: whole\ndecode: true\n")
	ts := newTestServer(t, Config{PolicyPath: pol, WriteTimeout: 300 * time.Millisecond})
	if !ts.Current().StreamsWhole() {
		t.Fatal("test policy does not hold the stream whole")
	}
	parts := []string{"mail bob@", "example.com and ", "key AKIAZ3MSJV4WXLGPTQ7R", " done"}
	pr, pw := io.Pipe()
	go func() {
		for _, p := range parts {
			time.Sleep(200 * time.Millisecond) // 800ms in all: past the write timeout
			if _, err := pw.Write([]byte(p)); err != nil {
				return
			}
		}
		pw.Close()
	}()
	req, _ := http.NewRequest(http.MethodPost, ts.ts.URL+"/v1/redact/stream", pr)
	req.Header.Set("Content-Type", "text/plain")
	resp, err := testClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("answer cut: %v (got %q)", err, got)
	}
	want, _ := ts.Current().Redact(context.Background(), []byte(strings.Join(parts, "")))
	if resp.StatusCode != 200 || string(got) != string(want.Redacted) {
		t.Fatalf("%d %q, want %q", resp.StatusCode, got, want.Redacted)
	}
	if strings.Contains(ts.logs.String(), `"cut":true`) {
		t.Fatal("a complete answer logged as cut")
	}
}

// TestStreamCutIsAudited: a client that goes away while the answer is
// being written leaves an audit line that says the stream was cut (not a
// plain 200), and no planted value in the log.
func TestStreamCutIsAudited(t *testing.T) {
	ts := newTestServer(t, Config{WriteTimeout: 200 * time.Millisecond})
	line := "line with bob@example.com and AKIAZ3MSJV4WXLGPTQ7R inside, padded with plain words to be long\n"
	conn, err := net.Dial("tcp", ts.ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(conn, "POST /v1/redact/stream HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	chunk := strings.Repeat(line, 400)
	head := make([]byte, 64)
	for i := 0; i < 4; i++ {
		if _, err := io.WriteString(conn, strings.ToUpper(strconv.FormatInt(int64(len(chunk)), 16))+"\r\n"+chunk+"\r\n"); err != nil {
			t.Fatal(err)
		}
	}
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.ReadAtLeast(conn, head, len(head)); err != nil {
		t.Fatalf("no answer started: %v", err)
	}
	conn.Close() // gone mid-answer
	checkFor(t, 10*time.Second, func() string {
		if !strings.Contains(ts.logs.String(), `"cut":true`) {
			return "the audit log does not record the cut stream: " + ts.logs.String()
		}
		return ""
	})
	logs := ts.logs.String()
	if strings.Contains(logs, "bob@example.com") || strings.Contains(logs, "AKIAZ3MSJV4WXLGPTQ7R") {
		t.Fatal("a planted value reached the log")
	}
}
