package sseproxy

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/sluice-dlp/sluice/engine"
)

// The shapes of issue 14: answers that are valid JSON and SSE, that the
// official SDKs parse, and that carry a planted key and address. Each
// runs against a real upstream on loopback and a real client request
// through the proxy; the test then reads the answer as clients do (raw
// bytes; SSE per spec; JSON member names matched case-insensitively as
// Go does; deltas concatenated per choice, tool call and field) and
// asserts no planted value appears.

const (
	awsKey = "AKIAZ3MSJV4WXLGPTQ7R"
	email  = "maria.gonzalez@acme.example"
)

var attackPlanted = []string{awsKey, email}

// halves splits a planted value so that no piece matches alone.
func halves(s string) (string, string) { return s[:len(s)/2], s[len(s)/2:] }

// rawUpstream answers every request with the given content type and
// body pieces, flushing each piece (so a stream arrives in parts).
func rawUpstream(t *testing.T, ct string, pieces ...string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ct != "" {
			w.Header().Set("Content-Type", ct)
		} else {
			w.Header()["Content-Type"] = nil // no Content-Type at all
		}
		w.WriteHeader(http.StatusOK)
		for _, p := range pieces {
			_, _ = io.WriteString(w, p)
			w.(http.Flusher).Flush()
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func proxyWith(t *testing.T, upstreamURL string, s *engine.Scanner, thinking Thinking) *httptest.Server {
	t.Helper()
	u, err := url.Parse(upstreamURL)
	if err != nil {
		t.Fatal(err)
	}
	p, err := New(Config{Upstream: u, Scanner: s, Thinking: thinking})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return srv
}

func fetch(t *testing.T, method, u string) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if method == http.MethodPost {
		body = strings.NewReader(`{"model":"m","stream":true,"messages":[]}`)
	}
	return send(t, method, u, body)
}

// assembled is what a client can put together from a body: for each
// field path (names lower-cased, array positions replaced by the
// element's "index" when it has one) the concatenation of its strings
// over all events, in order.
func assembled(t *testing.T, body string, sse bool) map[string]string {
	t.Helper()
	out := map[string]string{}
	var docs []string
	if sse {
		for _, ev := range refEvents([]byte(body)) {
			docs = append(docs, ev.data)
		}
	} else {
		docs = strings.Split(body, "\n")
	}
	for _, doc := range docs {
		var v any
		if json.Unmarshal([]byte(doc), &v) != nil {
			out["(text)"] += doc
			continue
		}
		collectLeaves(v, "", out)
	}
	return out
}

func collectLeaves(v any, path string, out map[string]string) {
	switch x := v.(type) {
	case string:
		out[path] += x
	case map[string]any:
		for k, c := range x {
			collectLeaves(c, path+"."+strings.ToLower(k), out)
		}
	case []any:
		for i, c := range x {
			pos := strconv.Itoa(i)
			if m, ok := c.(map[string]any); ok {
				for k, iv := range m {
					if strings.EqualFold(k, "index") {
						pos = fmt.Sprint(iv)
					}
				}
			}
			collectLeaves(c, path+"["+pos+"]", out)
		}
	}
}

// assertNoPlanted checks the raw bytes and every assembled text.
func assertNoPlanted(t *testing.T, body string, sse bool) map[string]string {
	t.Helper()
	texts := assembled(t, body, sse)
	keys := make([]string, 0, len(texts))
	for k := range texts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, p := range attackPlanted {
		if strings.Contains(body, p) {
			t.Fatalf("planted value in the raw body: %q", body)
		}
		for _, k := range keys {
			if strings.Contains(texts[k], p) {
				t.Fatalf("planted value assembled at %s: %q\nbody %q", k, texts[k], body)
			}
		}
	}
	return texts
}

func chunk(delta string) string {
	return `data: {"id":"chatcmpl-9","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":` + delta + `,"finish_reason":null}]}` + "\n\n"
}

const chatEnd = `data: {"id":"chatcmpl-9","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}` + "\n\ndata: [DONE]\n\n"

func TestAttackStreams(t *testing.T) {
	s := scanner(t, nil)
	k1, k2 := halves(awsKey)
	e1, e2 := halves(email)
	type outcome int
	const (
		clean   outcome = iota // redacted, ends normally
		refused                // ends with the proxy's error event
	)
	cases := []struct {
		name, path string
		pieces     []string
		want       outcome
		// field is an assembled path whose text must equal the batch
		// redaction of full.
		field, full string
	}{
		{"duplicate role", "/v1/chat/completions", []string{
			chunk(`{"role":"assistant","content":"key ` + awsKey + `","role":"assistant"}`), chatEnd}, refused, "", ""},
		{"duplicate tool call index", "/v1/chat/completions", []string{
			chunk(`{"tool_calls":[{"index":0,"function":{"arguments":"` + k1 + `"}}]}`),
			chunk(`{"tool_calls":[{"index":1,"index":0,"function":{"arguments":"` + k2 + `"}}]}`), chatEnd}, refused, "", ""},
		{"error null", "/v1/chat/completions", []string{
			`data: {"error":null,"choices":[{"index":0,"delta":{"content":"key ` + k1 + `"}}]}` + "\n\n",
			`data: {"error":null,"choices":[{"index":0,"delta":{"content":"` + k2 + ` ok"}}]}` + "\n\n", chatEnd},
			clean, ".choices[0].delta.content", "key " + awsKey + " ok"},
		{"bare CR line ends", "/v1/chat/completions", []string{
			strings.ReplaceAll(chunk(`{"content":"mail `+e1+`"}`), "\n", "\r"),
			strings.ReplaceAll(chunk(`{"content":"`+e2+` now"}`), "\n", "\r"),
			strings.ReplaceAll(chatEnd, "\n", "\r")},
			clean, ".choices[0].delta.content", "mail " + email + " now"},
		{"BOM before the first event", "/v1/chat/completions", []string{
			"\ufeff" + chunk(`{"content":"key `+awsKey+`"}`), chatEnd}, clean, ".choices[0].delta.content", "key " + awsKey},
		{"case variant beside the key", "/v1/chat/completions", []string{
			chunk(`{"content":"hi","Content":"key ` + awsKey + `"}`), chatEnd}, refused, "", ""},
		{"case variant alone, split", "/v1/chat/completions", []string{
			chunk(`{"Content":"key ` + k1 + `"}`), chunk(`{"Content":"` + k2 + ` ok"}`), chatEnd},
			clean, ".choices[0].delta.content", "key " + awsKey + " ok"},
		{"legacy function_call arguments", "/v1/chat/completions", []string{
			chunk(`{"function_call":{"name":"send","arguments":"{\"to\":\"` + e1 + `"}}`),
			chunk(`{"function_call":{"arguments":"` + e2 + `\"}"}}`), chatEnd},
			clean, ".choices[0].delta.function_call.arguments", `{"to":"` + email + `"}`},
		{"content as an array of parts", "/v1/chat/completions", []string{
			chunk(`{"content":[{"type":"text","text":"key ` + k1 + `"}]}`),
			chunk(`{"content":[{"type":"text","text":"` + k2 + `"}]}`), chatEnd}, clean, ".choices[0].delta.content[0].text", "key " + awsKey},
		{"audio transcript", "/v1/chat/completions", []string{
			chunk(`{"audio":{"id":"a1","transcript":"mail ` + e1 + `"}}`),
			chunk(`{"audio":{"transcript":"` + e2 + `"}}`), chatEnd}, clean, ".choices[0].delta.audio.transcript", "mail " + email},
		{"reasoning_content", "/v1/chat/completions", []string{
			chunk(`{"reasoning_content":"key ` + k1 + `"}`), chunk(`{"reasoning_content":"` + k2 + `"}`), chatEnd},
			clean, ".choices[0].delta.reasoning_content", "key " + awsKey},
		{"responses reasoning summary deltas", "/v1/responses", []string{
			"event: response.reasoning_summary_text.delta\ndata: {\"type\":\"response.reasoning_summary_text.delta\",\"item_id\":\"rs_1\",\"output_index\":0,\"summary_index\":0,\"delta\":\"key " + k1 + "\"}\n\n",
			"event: response.reasoning_summary_text.delta\ndata: {\"type\":\"response.reasoning_summary_text.delta\",\"item_id\":\"rs_1\",\"output_index\":0,\"summary_index\":0,\"delta\":\"" + k2 + "\"}\n\n",
			"event: response.reasoning_summary_text.done\ndata: {\"type\":\"response.reasoning_summary_text.done\",\"item_id\":\"rs_1\",\"output_index\":0,\"summary_index\":0,\"text\":\"key " + awsKey + "\"}\n\n",
			"event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"output\":[{\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"key " + awsKey + "\"}]}]}}\n\n"},
			clean, ".delta", "key " + awsKey},
		{"anthropic thinking deltas", "/v1/messages", []string{
			"event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}\n\n",
			"event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"mail " + e1 + "\"}}\n\n",
			"event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"" + e2 + "\"}}\n\n",
			"event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxDpU\"}}\n\n",
			"event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
			"event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"},
			clean, ".delta.thinking", "mail " + email},
		{"anthropic text split across blocks", "/v1/messages", []string{
			"event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
			"event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"key " + k1 + "\"}}\n\n",
			"event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
			"event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
			"event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + k2 + " and mail " + e1 + "\"}}\n\n",
			"event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n",
			"event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}}}\n\n",
			"event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}\n\n",
			"event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":2}\n\n",
			"event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"}}\n\n",
			"event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"},
			clean, ".delta.text", "key " + awsKey + " and mail " + e1},
		{"responses output_text split across items", "/v1/responses", []string{
			"event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"item_id\":\"m1\",\"output_index\":0,\"content_index\":0,\"delta\":\"key " + k1 + "\"}\n\n",
			"event: response.output_text.done\ndata: {\"type\":\"response.output_text.done\",\"item_id\":\"m1\",\"output_index\":0,\"content_index\":0,\"text\":\"key " + k1 + "\"}\n\n",
			"event: response.output_item.done\ndata: {\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":{\"id\":\"m1\",\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"key " + k1 + "\"}]}}\n\n",
			"event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"item_id\":\"m2\",\"output_index\":1,\"content_index\":0,\"delta\":\"" + k2 + " ok\"}\n\n",
			"event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"id\":\"r\",\"output\":[]}}\n\n"},
			clean, ".delta", "key " + awsKey + " ok"},
		{"multi-line data event", "/v1/chat/completions", []string{
			"data: {\"choices\":[{\"index\":0,\n" + "data: \"delta\":{\"content\":\"key " + awsKey + "\"}}]}\n\n", chatEnd},
			clean, ".choices[0].delta.content", "key " + awsKey},
		{"event after [DONE]", "/v1/chat/completions", []string{
			chunk(`{"content":"hello"}`), chatEnd, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + email + "\"}}]}\n\n"}, refused, "", ""},
		{"merged slashes", "/v1//chat//completions", []string{
			chunk(`{"content":"key ` + k1 + `"}`), chunk(`{"content":"` + k2 + `"}`), chatEnd},
			clean, ".choices[0].delta.content", "key " + awsKey},
		{"azure deployment path", "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21", []string{
			chunk(`{"content":"key ` + k1 + `"}`), chunk(`{"content":"` + k2 + `"}`), chatEnd},
			clean, ".choices[0].delta.content", "key " + awsKey},
		{"unknown event shape", "/v1/chat/completions", []string{
			"data: {\"foo\":{\"bar\":\"key " + awsKey + "\"}}\n\n", "data: not json, mail " + email + "\n\n"}, clean, "", ""},
		{"member name with a finding", "/v1/chat/completions", []string{
			chunk(`{"content":"hi","` + awsKey + `":1}`), chatEnd}, refused, "", ""},
		{"comment with a secret", "/v1/chat/completions", []string{
			": " + awsKey + "\n\n", chunk(`{"content":"hi"}`), chatEnd}, clean, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			up := rawUpstream(t, "text/event-stream", c.pieces...)
			px := proxyWith(t, up.URL, s, ThinkingRedact)
			resp, body := fetch(t, http.MethodPost, px.URL+c.path)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			texts := assertNoPlanted(t, body, true)
			evs := refEvents([]byte(body))
			for _, ev := range evs {
				if ev.data != "[DONE]" && !json.Valid([]byte(ev.data)) && !strings.HasPrefix(ev.data, "not json") {
					t.Fatalf("event data is not valid JSON: %q", ev.data)
				}
			}
			checkOrder(t, evs)
			last := evs[len(evs)-1]
			isErr := last.name == "error" && strings.Contains(last.data, "sluice")
			if (c.want == refused) != isErr {
				t.Fatalf("want outcome %d, last event %+v\nbody %q", c.want, last, body)
			}
			if c.field != "" {
				if want := batchRedact(t, s, c.full); texts[c.field] != want {
					t.Fatalf("%s = %q, want %q", c.field, texts[c.field], want)
				}
			}
		})
	}
}

func TestAttackBodies(t *testing.T) {
	s := scanner(t, nil)
	chat := `{"id":"chatcmpl-1","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"key ` + awsKey + `","reasoning_content":"mail ` + email + `","audio":{"id":"au_1","data":"UklGRg==","transcript":"mail ` + email + `"}},"finish_reason":"stop"}]}`
	resp := `{"id":"resp_1","object":"response","status":"completed","output":[{"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"key ` + awsKey + `"}]},{"type":"message","role":"assistant","content":[{"type":"output_text","text":"mail ` + email + `","annotations":[]}]}]}`
	msg := `{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"thinking","thinking":"key ` + awsKey + `","signature":"EqQBCgIYAhIM"},{"type":"text","text":"mail ` + email + `"}],"stop_reason":"end_turn"}`
	cases := []struct {
		name, method, path, ct string
		body                   string
		status                 int // 200 redacted, 502 refused
	}{
		{"chat json", "POST", "/v1/chat/completions", "application/json", chat, 200},
		{"text/plain label", "POST", "/v1/chat/completions", "text/plain", chat, 200},
		{"no content type", "POST", "/v1/chat/completions", "", chat, 200},
		{"stored completion", "GET", "/v1/chat/completions/chatcmpl-1", "application/json", chat, 200},
		{"stored completion messages", "GET", "/v1/chat/completions/chatcmpl-1/messages", "application/json",
			`{"object":"list","data":[{"id":"m1","role":"assistant","content":"key ` + awsKey + `"}]}`, 200},
		{"stored response", "GET", "/v1/responses/resp_1", "application/json", resp, 200},
		{"response input items", "GET", "/v1/responses/resp_1/input_items", "application/json",
			`{"object":"list","data":[{"type":"message","role":"user","content":[{"type":"input_text","text":"mail ` + email + `"}]}]}`, 200},
		{"anthropic message with thinking", "POST", "/v1/messages", "application/json", msg, 200},
		{"anthropic batch results", "GET", "/v1/messages/batches/msgbatch_1/results", "application/x-jsonl",
			`{"custom_id":"a","result":{"type":"succeeded","message":` + msg + `}}` + "\n" + `{"custom_id":"b","result":{"type":"errored"}}` + "\n", 200},
		{"openai batch output file", "GET", "/v1/files/file-1/content", "application/octet-stream",
			`{"id":"batch_req_1","custom_id":"a","response":{"status_code":200,"body":` + chat + `}}` + "\n", 200},
		{"plain text", "GET", "/v1/whatever", "text/plain", "the key is " + awsKey + "\nmail " + email, 200},
		{"azure path", "POST", "/openai/deployments/gpt/chat/completions?api-version=2024-10-21", "application/json", chat, 200},
		{"merged slashes", "POST", "/v1//chat//completions", "application/json", chat, 200},
		{"duplicate member", "POST", "/v1/chat/completions", "application/json",
			`{"choices":[{"index":0,"message":{"role":"assistant","content":"hi","content":"key ` + awsKey + `"}}]}`, 502},
		{"case-variant duplicate", "POST", "/v1/chat/completions", "application/json",
			`{"choices":[{"index":0,"message":{"content":"hi","CONTENT":"key ` + awsKey + `"}}]}`, 502},
		{"duplicate in unlabelled body", "POST", "/v1/chat/completions", "",
			`{"choices":[],"choices":[{"message":{"content":"key ` + awsKey + `"}}]}`, 502},
		{"invalid JSON labelled JSON", "POST", "/v1/chat/completions", "application/json", `{"content":"key ` + awsKey + `"`, 502},
		{"binary", "GET", "/v1/files/file-1/content", "application/octet-stream", "\x00\xff\xfe" + awsKey, 502},
		{"member name with a finding", "POST", "/v1/chat/completions", "application/json", `{"` + email + `":"x"}`, 502},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			up := rawUpstream(t, c.ct, c.body)
			px := proxyWith(t, up.URL, s, ThinkingRedact)
			r, body := fetch(t, c.method, px.URL+c.path)
			if r.StatusCode != c.status {
				t.Fatalf("status %d, want %d: %s", r.StatusCode, c.status, body)
			}
			assertNoPlanted(t, body, false)
			if c.status == 502 && !strings.Contains(body, "sluice") {
				t.Fatalf("refusal without a sluice error: %q", body)
			}
			if c.status == 200 && json.Valid([]byte(c.body)) && !json.Valid([]byte(body)) {
				t.Fatalf("invalid JSON reached the client: %q", body)
			}
		})
	}
}

// TestUnreadableEncodingRefused: an answer in a content encoding the
// proxy cannot decode is refused, not passed on.
func TestUnreadableEncodingRefused(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "br")
		_, _ = io.WriteString(w, `{"content":"key `+awsKey+`"}`)
	}))
	defer up.Close()
	r, body := fetch(t, "POST", proxyWith(t, up.URL, scanner(t, nil), ThinkingRedact).URL+"/v1/chat/completions")
	if r.StatusCode != 502 || strings.Contains(body, awsKey) {
		t.Fatalf("%d %q", r.StatusCode, body)
	}
}

// TestThinkingPass: with --thinking pass, reasoning arrives as the model
// wrote it (so Anthropic's signature still matches) and the answer text
// is still redacted.
func TestThinkingPass(t *testing.T) {
	s := scanner(t, nil)
	k1, k2 := halves(awsKey)
	thinking := "the user's key " + awsKey
	t.Run("stream", func(t *testing.T) {
		up := rawUpstream(t, "text/event-stream",
			"event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"the user's key "+k1+"\"}}\n\n",
			"event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\""+k2+"\"}}\n\n",
			"event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
			"event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"mail "+email+"\"}}\n\n",
			"event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n",
			"event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n")
		_, body := fetch(t, "POST", proxyWith(t, up.URL, s, ThinkingPass).URL+"/v1/messages")
		texts := assembled(t, body, true)
		if texts[".delta.thinking"] != thinking || strings.Contains(texts[".delta.text"], email) || !strings.Contains(texts[".delta.text"], "<EMAIL_ADDRESS>") {
			t.Fatalf("thinking %q text %q", texts[".delta.thinking"], texts[".delta.text"])
		}
	})
	t.Run("json", func(t *testing.T) {
		up := rawUpstream(t, "application/json", `{"type":"message","content":[{"type":"thinking","thinking":"`+thinking+`","signature":"EqQB"},{"type":"text","text":"mail `+email+`"}]}`)
		_, body := fetch(t, "POST", proxyWith(t, up.URL, s, ThinkingPass).URL+"/v1/messages")
		if !strings.Contains(body, thinking) || strings.Contains(body, email) {
			t.Fatalf("%q", body)
		}
	})
}

// allTexts lists, in document order, every string under a member named
// "text" (what a client joins: content parts, text blocks, output text).
func allTexts(v any, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		// Go maps lose member order; the documents below hold at most one
		// "text" per object, and arrays keep theirs.
		for k, c := range x {
			if s, ok := c.(string); ok && k == "text" {
				*out = append(*out, s)
				continue
			}
			allTexts(c, out)
		}
	case []any:
		for _, c := range x {
			allTexts(c, out)
		}
	}
}

// TestJoinedParts: a value split across the parts a client joins (text
// blocks, content parts, the output items behind output_text) is
// redacted in the joined text, in whole answers and in the final event of
// a stream.
func TestJoinedParts(t *testing.T) {
	s := scanner(t, nil)
	k1, k2 := halves(awsKey)
	e1, e2 := halves(email)
	cases := []struct{ name, path, body, joined string }{
		{"anthropic text blocks", "/v1/messages",
			`{"type":"message","content":[{"type":"text","text":"key ` + k1 + `"},{"type":"text","text":"` + k2 + ` and mail ` + e1 + `"},{"type":"text","text":"` + e2 + `"}]}`,
			"key " + awsKey + " and mail " + email},
		{"chat content parts", "/v1/chat/completions",
			`{"choices":[{"index":0,"message":{"role":"assistant","content":[{"type":"text","text":"key ` + k1 + `"},{"type":"text","text":"` + k2 + `"}]}}]}`,
			"key " + awsKey},
		{"responses output items", "/v1/responses",
			`{"object":"response","output":[{"type":"message","content":[{"type":"output_text","text":"mail ` + e1 + `"}]},{"type":"message","content":[{"type":"output_text","text":"` + e2 + ` ok"}]}]}`,
			"mail " + email + " ok"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			px := proxyWith(t, rawUpstream(t, "application/json", c.body).URL, s, ThinkingRedact)
			r, body := fetch(t, "POST", px.URL+c.path)
			if r.StatusCode != 200 {
				t.Fatalf("%d %s", r.StatusCode, body)
			}
			var v any
			if err := json.Unmarshal([]byte(body), &v); err != nil {
				t.Fatal(err)
			}
			var texts []string
			allTexts(v, &texts)
			if got, want := strings.Join(texts, ""), batchRedact(t, s, c.joined); got != want {
				t.Fatalf("joined %q, want %q", got, want)
			}
		})
	}
}

// TestStreamIndexAndContentShapes: an index a client might coerce is
// refused; content that switches between a string and parts stays one
// text.
func TestStreamIndexAndContentShapes(t *testing.T) {
	s := scanner(t, nil)
	k1, k2 := halves(awsKey)
	t.Run("string index", func(t *testing.T) {
		up := rawUpstream(t, "text/event-stream", chunk(`{"content":"key `+k1+`"}`),
			`data: {"choices":[{"index":"0","delta":{"content":"`+k2+`"}}]}`+"\n\n", chatEnd)
		_, body := fetch(t, "POST", proxyWith(t, up.URL, s, ThinkingRedact).URL+"/v1/chat/completions")
		assertNoPlanted(t, body, true)
		evs := refEvents([]byte(body))
		if last := evs[len(evs)-1]; last.name != "error" || !strings.Contains(last.data, "index") {
			t.Fatalf("not refused: %q", body)
		}
	})
	t.Run("string then parts", func(t *testing.T) {
		up := rawUpstream(t, "text/event-stream", chunk(`{"content":"key `+k1+`"}`),
			chunk(`{"content":[{"type":"text","text":"`+k2+` ok"}]}`), chatEnd)
		_, body := fetch(t, "POST", proxyWith(t, up.URL, s, ThinkingRedact).URL+"/v1/chat/completions")
		var joined string
		for _, ev := range refEvents([]byte(body)) {
			var c struct {
				Choices []struct {
					Delta struct {
						Content json.RawMessage `json:"content"`
					} `json:"delta"`
				} `json:"choices"`
			}
			if ev.data == "[DONE]" || json.Unmarshal([]byte(ev.data), &c) != nil || len(c.Choices) == 0 {
				continue
			}
			var str string
			var parts []struct{ Text string }
			if json.Unmarshal(c.Choices[0].Delta.Content, &str) == nil {
				joined += str
			} else if json.Unmarshal(c.Choices[0].Delta.Content, &parts) == nil {
				for _, p := range parts {
					joined += p.Text
				}
			}
		}
		if want := batchRedact(t, s, "key "+awsKey+" ok"); joined != want {
			t.Fatalf("joined %q, want %q\n%s", joined, want, body)
		}
	})
}

// checkOrder: no text delta for a content block after its
// content_block_stop, nor for a Responses part after its done event.
func checkOrder(t *testing.T, evs []refEvent) {
	t.Helper()
	closed := map[string]bool{}
	for _, ev := range evs {
		var e struct {
			Type         string `json:"type"`
			Index        *int   `json:"index"`
			OutputIndex  *int   `json:"output_index"`
			ContentIndex *int   `json:"content_index"`
		}
		if json.Unmarshal([]byte(ev.data), &e) != nil {
			continue
		}
		id := fmt.Sprint(e.Index, e.OutputIndex, e.ContentIndex)
		if e.Index != nil {
			id = fmt.Sprint("block", *e.Index)
		} else if e.OutputIndex != nil && e.ContentIndex != nil {
			id = fmt.Sprint("part", *e.OutputIndex, *e.ContentIndex)
		}
		switch e.Type {
		case "content_block_stop", "response.output_text.done":
			closed[id] = true
		case "content_block_delta", "response.output_text.delta":
			if closed[id] {
				t.Fatalf("%s after its end: %q", e.Type, ev.data)
			}
		}
	}
}

// TestScanRequestsNormalisedPaths: prompts sent to the model endpoints
// under the paths upstreams route the same way are redacted too.
func TestScanRequestsNormalisedPaths(t *testing.T) {
	var got []byte
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, _ = io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"choices":[]}`)
	}))
	defer up.Close()
	p := engine.DefaultPolicy()
	p.ScanRequests = true
	px := proxyWith(t, up.URL, scanner(t, p), ThinkingRedact)
	for _, path := range []string{"/v1//chat//completions", "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21", "/v1/responses/", "/v1/messages"} {
		got = nil
		body := `{"model":"m","messages":[{"role":"user","content":"my key is ` + awsKey + `"}],"input":"mail ` + email + `"}`
		resp, err := http.Post(px.URL+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || len(got) == 0 || strings.Contains(string(got), awsKey) || strings.Contains(string(got), email) {
			t.Fatalf("%s: %d, upstream got %q", path, resp.StatusCode, got)
		}
	}
}

// TestScanRequestsKeepsMedia: request scanning redacts prompt text but
// sends images and ids upstream as they were.
func TestScanRequestsKeepsMedia(t *testing.T) {
	var got []byte
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, _ = io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{}`)
	}))
	defer up.Close()
	p := engine.DefaultPolicy()
	p.ScanRequests = true
	px := proxyWith(t, up.URL, scanner(t, p), ThinkingRedact)
	img := `data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==`
	body := `{"model":"m","input":[{"role":"user","content":[{"type":"input_text","text":"mail ` + email + `"},{"type":"input_image","image_url":"` + img + `"}]}]}`
	resp, err := http.Post(px.URL+"/v1/responses", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if strings.Contains(string(got), email) || !strings.Contains(string(got), img) || !strings.Contains(string(got), `"type":"input_image"`) {
		t.Fatalf("upstream got %q", got)
	}
}
