package sseproxy

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sluice-dlp/sluice/engine"
	"github.com/sluice-dlp/sluice/internal/jsonx"
)

// planted are values that must never reach the client.
var planted = []string{
	"AKIAZ3MSJV4WXLGPTQ7R",
	"maria.gonzalez@acme.example",
	"4111 1111 1111 1111",
	"Xk4r9TzQ2mWv",
	"ghp_Zq8Xr2Lm9Tv4Wn7Kp3Bc6Fh1Jd5Sg0Ya2Ue8",
}

const answer = "Sure. Use key AKIAZ3MSJV4WXLGPTQ7R from the build host. Mail maria.gonzalez@acme.example " +
	"if the card 4111 1111 1111 1111 is declined. The DB is postgres://app:Xk4r9TzQ2mWv@db.internal:5432/orders " +
	"and the token ghp_Zq8Xr2Lm9Tv4Wn7Kp3Bc6Fh1Jd5Sg0Ya2Ue8 is for CI. Thanks!"

const toolArgs = `{"to":"maria.gonzalez@acme.example","note":"key AKIAZ3MSJV4WXLGPTQ7R"}`

func scanner(t testing.TB, p *engine.Policy) *engine.Scanner {
	t.Helper()
	s, err := engine.Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func batchRedact(t testing.TB, s *engine.Scanner, text string) string {
	t.Helper()
	r, err := s.Redact(context.Background(), []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return string(r.Redacted)
}

// split cuts text into random pieces of 1..7 bytes (splitting planted
// values and multibyte runes alike).
func split(text string, seed uint64) []string {
	rng := rand.New(rand.NewPCG(seed, 1))
	var out []string
	for len(text) > 0 {
		k := min(rng.IntN(7)+1, len(text))
		out = append(out, text[:k])
		text = text[k:]
	}
	return out
}

func jsonStr(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// sseEvent is what a client sees.
type sseEvent struct {
	name string
	data string
}

func parseSSE(t *testing.T, body string) []sseEvent {
	t.Helper()
	var evs []sseEvent
	for _, block := range strings.Split(body, "\n\n") {
		if strings.TrimSpace(block) == "" {
			continue
		}
		var ev sseEvent
		for _, l := range strings.Split(block, "\n") {
			switch {
			case strings.HasPrefix(l, "event: "):
				ev.name = l[7:]
			case strings.HasPrefix(l, "data: "):
				ev.data += l[6:]
			}
		}
		if ev.data != "[DONE]" && !json.Valid([]byte(ev.data)) {
			t.Fatalf("event data is not valid JSON: %q", ev.data)
		}
		evs = append(evs, ev)
	}
	return evs
}

// upstream is a fake API whose handler writes the given SSE events,
// flushing each.
func sseUpstream(t *testing.T, events []string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.Header().Set("X-Request-Id", "req-123")
		w.WriteHeader(http.StatusOK)
		for _, e := range events {
			if e == "BREAK" {
				panic(http.ErrAbortHandler)
			}
			_, _ = io.WriteString(w, e)
			w.(http.Flusher).Flush()
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func newProxy(t *testing.T, upstreamURL string, s *engine.Scanner) *httptest.Server {
	t.Helper()
	return proxyWith(t, upstreamURL, s, ThinkingRedact)
}

func post(t *testing.T, url, body string) (*http.Response, string) {
	t.Helper()
	return send(t, http.MethodPost, url, strings.NewReader(body))
}

// send makes one JSON request and reads the whole answer.
func send(t *testing.T, method, url string, body io.Reader) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

func noPlanted(t *testing.T, got string) {
	t.Helper()
	for _, v := range planted {
		if strings.Contains(got, v) {
			t.Fatalf("planted value leaked to the client: %q", got)
		}
	}
}

func openAIChatEvents(seed uint64) []string {
	env := `"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-x"`
	ev := []string{}
	for i := range 2 {
		ev = append(ev, fmt.Sprintf("data: {%s,\"choices\":[{\"index\":%d,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n", env, i))
	}
	a, b := split(answer, seed), split(strings.ToUpper(answer[:40])+answer, seed+1)
	for i := 0; i < max(len(a), len(b)); i++ {
		if i < len(a) {
			ev = append(ev, fmt.Sprintf("data: {%s,\"choices\":[{\"index\":0,\"delta\":{\"content\":%s},\"finish_reason\":null}]}\n\n", env, jsonStr(a[i])))
		}
		if i < len(b) {
			ev = append(ev, fmt.Sprintf("data: {%s,\"choices\":[{\"index\":1,\"delta\":{\"content\":%s},\"finish_reason\":null}]}\n\n", env, jsonStr(b[i])))
		}
	}
	ev = append(ev, fmt.Sprintf("data: {%s,\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"send\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n", env))
	for _, p := range split(toolArgs, seed+2) {
		ev = append(ev, fmt.Sprintf("data: {%s,\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":%s}}]},\"finish_reason\":null}]}\n\n", env, jsonStr(p)))
	}
	ev = append(ev,
		fmt.Sprintf("data: {%s,\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n", env),
		fmt.Sprintf("data: {%s,\"choices\":[{\"index\":1,\"delta\":{\"content\":\" bye\"},\"finish_reason\":\"stop\"}]}\n\n", env),
		fmt.Sprintf("data: {%s,\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":99,\"total_tokens\":108}}\n\n", env),
		"data: [DONE]\n\n")
	return ev
}

func TestOpenAIChatStream(t *testing.T) {
	s := scanner(t, nil)
	for seed := range uint64(6) {
		up := sseUpstream(t, openAIChatEvents(seed))
		px := newProxy(t, up.URL, s)
		resp, body := post(t, px.URL+"/v1/chat/completions", `{"model":"gpt-x","stream":true,"messages":[]}`)
		if resp.StatusCode != 200 || resp.Header.Get("X-Request-Id") != "req-123" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
			t.Fatalf("status %d headers %v", resp.StatusCode, resp.Header)
		}
		evs := parseSSE(t, body)
		content := map[int]string{}
		var args string
		finished := map[int]bool{}
		sawUsage := false
		for _, ev := range evs {
			if ev.data == "[DONE]" {
				continue
			}
			var c struct {
				ID      string `json:"id"`
				Choices []struct {
					Index int `json:"index"`
					Delta struct {
						Content   *string `json:"content"`
						ToolCalls []struct {
							Function struct {
								Arguments string `json:"arguments"`
							} `json:"function"`
						} `json:"tool_calls"`
					} `json:"delta"`
					FinishReason *string `json:"finish_reason"`
				} `json:"choices"`
				Usage *struct{} `json:"usage"`
			}
			if err := json.Unmarshal([]byte(ev.data), &c); err != nil {
				t.Fatal(err)
			}
			if c.ID != "chatcmpl-1" {
				t.Fatalf("id lost: %q", ev.data)
			}
			sawUsage = sawUsage || c.Usage != nil
			for _, ch := range c.Choices {
				if finished[ch.Index] {
					t.Fatalf("text for choice %d after its finish_reason", ch.Index)
				}
				if ch.Delta.Content != nil {
					content[ch.Index] += *ch.Delta.Content
				}
				for _, tc := range ch.Delta.ToolCalls {
					args += tc.Function.Arguments
				}
				if ch.FinishReason != nil {
					finished[ch.Index] = true
				}
			}
		}
		if evs[len(evs)-1].data != "[DONE]" || !sawUsage {
			t.Fatalf("[DONE] or usage lost")
		}
		noPlanted(t, content[0]+content[1]+args)
		if want := batchRedact(t, s, answer); content[0] != want {
			t.Fatalf("seed %d choice 0:\n got %q\nwant %q", seed, content[0], want)
		}
		if want := batchRedact(t, s, strings.ToUpper(answer[:40])+answer+" bye"); content[1] != want {
			t.Fatalf("choice 1:\n got %q\nwant %q", content[1], want)
		}
		if want := batchRedact(t, s, toolArgs); args != want || !json.Valid([]byte(args)) {
			t.Fatalf("tool args:\n got %q\nwant %q", args, want)
		}
	}
}

func TestOpenAICompletionsStream(t *testing.T) {
	s := scanner(t, nil)
	var evs []string
	for _, p := range split(answer, 9) {
		evs = append(evs, fmt.Sprintf("data: {\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":[{\"text\":%s,\"index\":0,\"finish_reason\":null}]}\n\n", jsonStr(p)))
	}
	evs = append(evs, "data: {\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":[{\"text\":\"\",\"index\":0,\"finish_reason\":\"stop\"}]}\n\n", "data: [DONE]\n\n")
	px := newProxy(t, sseUpstream(t, evs).URL, s)
	_, body := post(t, px.URL+"/v1/completions", `{"stream":true}`)
	var text string
	for _, ev := range parseSSE(t, body) {
		if ev.data == "[DONE]" {
			continue
		}
		var c struct {
			Choices []struct {
				Text string `json:"text"`
			} `json:"choices"`
		}
		_ = json.Unmarshal([]byte(ev.data), &c)
		for _, ch := range c.Choices {
			text += ch.Text
		}
	}
	noPlanted(t, text)
	if want := batchRedact(t, s, answer); text != want {
		t.Fatalf("got %q\nwant %q", text, want)
	}
}

func anthropicEvents(seed uint64) []string {
	ev := []string{
		"event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-x\",\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n",
		"event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
		"event: ping\ndata: {\"type\": \"ping\"}\n\n",
	}
	for _, p := range split(answer, seed) {
		ev = append(ev, fmt.Sprintf("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":%s}}\n\n", jsonStr(p)))
	}
	ev = append(ev, "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
		"event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"send\",\"input\":{}}}\n\n")
	for _, p := range split(toolArgs, seed+1) {
		ev = append(ev, fmt.Sprintf("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":%s}}\n\n", jsonStr(p)))
	}
	return append(ev, "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n",
		"event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":120}}\n\n",
		"event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n")
}

func TestAnthropicStream(t *testing.T) {
	s := scanner(t, nil)
	for seed := range uint64(4) {
		px := newProxy(t, sseUpstream(t, anthropicEvents(seed)).URL, s)
		_, body := post(t, px.URL+"/v1/messages", `{"model":"claude-x","stream":true,"messages":[]}`)
		evs := parseSSE(t, body)
		text := map[int]string{}
		stopped := map[int]bool{}
		var names []string
		for _, ev := range evs {
			var e struct {
				Type  string `json:"type"`
				Index int    `json:"index"`
				Delta struct {
					Text        string `json:"text"`
					PartialJSON string `json:"partial_json"`
				} `json:"delta"`
			}
			if err := json.Unmarshal([]byte(ev.data), &e); err != nil {
				t.Fatal(err)
			}
			if ev.name != e.Type {
				t.Fatalf("event name %q, type %q", ev.name, e.Type)
			}
			if e.Type != "content_block_delta" {
				names = append(names, e.Type)
			}
			switch e.Type {
			case "content_block_delta":
				if stopped[e.Index] {
					t.Fatalf("delta for block %d after its stop", e.Index)
				}
				text[e.Index] += e.Delta.Text + e.Delta.PartialJSON
			case "content_block_stop":
				stopped[e.Index] = true
			}
		}
		want := "message_start content_block_start ping content_block_stop content_block_start content_block_stop message_delta message_stop"
		if got := strings.Join(names, " "); got != want {
			t.Fatalf("event order %q", got)
		}
		noPlanted(t, text[0]+text[1])
		if w := batchRedact(t, s, answer); text[0] != w {
			t.Fatalf("text:\n got %q\nwant %q", text[0], w)
		}
		if w := batchRedact(t, s, toolArgs); text[1] != w || !json.Valid([]byte(text[1])) {
			t.Fatalf("tool input:\n got %q\nwant %q", text[1], w)
		}
	}
}

func TestResponsesStream(t *testing.T) {
	s := scanner(t, nil)
	ev := []string{
		"event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"output\":[]}}\n\n",
		"event: response.output_item.added\ndata: {\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"content\":[]}}\n\n",
	}
	for _, p := range split(answer, 3) {
		ev = append(ev, fmt.Sprintf("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":%s}\n\n", jsonStr(p)))
	}
	full := jsonStr(answer)
	ev = append(ev,
		fmt.Sprintf("event: response.output_text.done\ndata: {\"type\":\"response.output_text.done\",\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"text\":%s}\n\n", full),
		fmt.Sprintf("event: response.output_item.done\ndata: {\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":%s}]}}\n\n", full),
		fmt.Sprintf("event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"status\":\"completed\",\"output\":[{\"id\":\"msg_1\",\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":%s}]}]}}\n\n", full))
	px := newProxy(t, sseUpstream(t, ev).URL, s)
	_, body := post(t, px.URL+"/v1/responses", `{"stream":true}`)
	noPlanted(t, body)
	want := batchRedact(t, s, answer)
	var deltas string
	done := false
	for _, e := range parseSSE(t, body) {
		var d struct {
			Type  string `json:"type"`
			Delta string `json:"delta"`
			Text  string `json:"text"`
		}
		_ = json.Unmarshal([]byte(e.data), &d)
		switch d.Type {
		case "response.output_text.delta":
			if done {
				t.Fatal("delta after done")
			}
			deltas += d.Delta
		case "response.output_text.done":
			done = true
			if d.Text != want {
				t.Fatalf("done text %q", d.Text)
			}
		}
	}
	if deltas != want {
		t.Fatalf("deltas:\n got %q\nwant %q", deltas, want)
	}
	if !strings.Contains(body, jsonx.Quote(want)) {
		t.Fatalf("completed event does not carry the redacted text")
	}
}

// TestStreamBreakFailsClosed: an upstream that dies mid-answer. The
// client gets an error event and never the held-back text.
func TestStreamBreakFailsClosed(t *testing.T) {
	s := scanner(t, nil)
	cases := []struct {
		name, path string
		events     []string
	}{
		{"openai", "/v1/chat/completions", []string{
			"data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"all fine so far, mail \"}}]}\n\n",
			"data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"maria.gonzalez@acme.exa\"}}]}\n\n",
			"BREAK",
		}},
		{"openai clean EOF without DONE", "/v1/chat/completions", []string{
			"data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"key AKIAZ3MSJV4WXLGPTQ7R\"}}]}\n\n",
		}},
		{"anthropic", "/v1/messages", []string{
			"event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"key AKIAZ3MSJ\"}}\n\n",
			"event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"V4WXLGPTQ7R and more\"}}\n\n",
			"event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"partial event wi",
			"BREAK",
		}},
		{"upstream error event", "/v1/messages", []string{
			"event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"key AKIAZ3MSJV4WXLGPTQ7R\"}}\n\n",
			"event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			px := newProxy(t, sseUpstream(t, c.events).URL, s)
			_, body := post(t, px.URL+c.path, `{"stream":true}`)
			for _, leak := range []string{"maria", "AKIA"} {
				if strings.Contains(body, leak) {
					t.Fatalf("held-back text reached the client: %q", body)
				}
			}
			evs := parseSSE(t, body)
			last := evs[len(evs)-1]
			if !strings.Contains(last.data, "error") {
				t.Fatalf("stream does not end with an error event: %q", body)
			}
		})
	}
}

func TestNonStreamJSON(t *testing.T) {
	s := scanner(t, nil)
	cases := []struct {
		name, path, answer string
		fields             func(map[string]any) []string
	}{
		{"chat", "/v1/chat/completions",
			`{"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":` + jsonStr(answer) + `,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"send","arguments":` + jsonStr(toolArgs) + `}}]},"finish_reason":"stop"}],"usage":{"total_tokens":3}}`,
			func(m map[string]any) []string {
				msg := m["choices"].([]any)[0].(map[string]any)["message"].(map[string]any)
				args := msg["tool_calls"].([]any)[0].(map[string]any)["function"].(map[string]any)["arguments"].(string)
				return []string{msg["content"].(string), args}
			}},
		{"messages", "/v1/messages",
			`{"id":"msg_1","type":"message","content":[{"type":"text","text":` + jsonStr(answer) + `},{"type":"tool_use","id":"t1","name":"send","input":{"to":"maria.gonzalez@acme.example","n":3,"deep":["key AKIAZ3MSJV4WXLGPTQ7R"]}}],"stop_reason":"end_turn"}`,
			func(m map[string]any) []string {
				c := m["content"].([]any)
				in := c[1].(map[string]any)["input"].(map[string]any)
				return []string{c[0].(map[string]any)["text"].(string), in["to"].(string), in["deep"].([]any)[0].(string)}
			}},
		{"responses", "/v1/responses",
			`{"id":"resp_1","output":[{"type":"message","content":[{"type":"output_text","text":` + jsonStr(answer) + `}]},{"type":"function_call","name":"send","arguments":` + jsonStr(toolArgs) + `}]}`,
			func(m map[string]any) []string {
				o := m["output"].([]any)
				return []string{o[0].(map[string]any)["content"].([]any)[0].(map[string]any)["text"].(string), o[1].(map[string]any)["arguments"].(string)}
			}},
		{"completions", "/v1/completions", `{"id":"c","choices":[{"text":` + jsonStr(answer) + `,"index":0}]}`,
			func(m map[string]any) []string {
				return []string{m["choices"].([]any)[0].(map[string]any)["text"].(string)}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("Openai-Processing-Ms", "12")
				_, _ = io.WriteString(w, c.answer)
			}))
			defer up.Close()
			px := newProxy(t, up.URL, s)
			resp, body := post(t, px.URL+c.path, `{}`)
			if resp.StatusCode != 200 || resp.Header.Get("Openai-Processing-Ms") != "12" {
				t.Fatalf("status %d headers %v", resp.StatusCode, resp.Header)
			}
			noPlanted(t, body)
			var m map[string]any
			if err := json.Unmarshal([]byte(body), &m); err != nil {
				t.Fatalf("invalid JSON %q: %v", body, err)
			}
			fields := c.fields(m)
			if fields[0] != batchRedact(t, s, answer) {
				t.Fatalf("text %q", fields[0])
			}
			if resp.Header.Get("Sluice-Findings") == "0" {
				t.Fatal("no findings reported")
			}
		})
	}
}

// TestPassthrough: other paths and error statuses keep their status and
// headers; their bodies are redacted too (an owner's e-mail in a model
// list, a prompt echoed in an error).
func TestPassthrough(t *testing.T) {
	s := scanner(t, nil)
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/models":
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("X-Custom", "yes")
			_, _ = io.WriteString(w, `{"data":[{"id":"gpt-x","owner":"bob@example.com"}]}`)
		case "/v1/chat/completions":
			if r.Header.Get("Authorization") != "Bearer sk-test" {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, `{"error":{"message":"Rate limit reached","type":"requests"}}`)
		}
	}))
	defer up.Close()
	px := newProxy(t, up.URL, s)

	resp, err := http.Get(px.URL + "/v1/models")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("X-Custom") != "yes" || string(b) != `{"data":[{"id":"gpt-x","owner":"<EMAIL_ADDRESS>"}]}` {
		t.Fatalf("GET /v1/models: %d %v %q", resp.StatusCode, resp.Header, b)
	}

	req, _ := http.NewRequest(http.MethodPost, px.URL+"/v1/chat/completions", strings.NewReader(`{"stream":true}`))
	req.Header.Set("Authorization", "Bearer sk-test")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "7" || !strings.Contains(string(b), "Rate limit reached") {
		t.Fatalf("429: %d %v %q", resp.StatusCode, resp.Header, b)
	}
}

// TestScanRequests: with scan_requests the upstream never sees planted
// values in the prompt; without it, the prompt passes unchanged.
func TestScanRequests(t *testing.T) {
	var got []byte
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, _ = io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"choices":[]}`)
	}))
	defer up.Close()
	reqBody := `{"model":"m","messages":[{"role":"user","content":"my key is AKIAZ3MSJV4WXLGPTQ7R"},{"role":"user","content":[{"type":"text","text":"mail maria.gonzalez@acme.example"}]}]}`
	for _, scan := range []bool{true, false} {
		p := engine.DefaultPolicy()
		p.ScanRequests = scan
		px := newProxy(t, up.URL, scanner(t, p))
		resp, _ := post(t, px.URL+"/v1/chat/completions", reqBody)
		if resp.StatusCode != 200 {
			t.Fatalf("status %d", resp.StatusCode)
		}
		if !json.Valid(got) {
			t.Fatalf("upstream got invalid JSON %q", got)
		}
		leaked := bytes.Contains(got, []byte("AKIAZ3MSJV4WXLGPTQ7R")) || bytes.Contains(got, []byte("maria.gonzalez"))
		if scan == leaked {
			t.Fatalf("scan_requests=%v: upstream got %q", scan, got)
		}
	}
}

// TestScanFailureFailsClosed: a scan that cannot complete (too many
// findings) never forwards the answer.
func TestScanFailureFailsClosed(t *testing.T) {
	p := engine.DefaultPolicy()
	p.MaxFindings = 1
	s := scanner(t, p)
	t.Run("json", func(t *testing.T) {
		up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"choices":[{"index":0,"message":{"content":`+jsonStr(answer)+`}}]}`)
		}))
		defer up.Close()
		resp, body := post(t, newProxy(t, up.URL, s).URL+"/v1/chat/completions", `{}`)
		if resp.StatusCode != http.StatusBadGateway || strings.Contains(body, "Sure.") {
			t.Fatalf("%d %q", resp.StatusCode, body)
		}
	})
	t.Run("stream", func(t *testing.T) {
		px := newProxy(t, sseUpstream(t, openAIChatEvents(1)).URL, s)
		_, body := post(t, px.URL+"/v1/chat/completions", `{"stream":true}`)
		noPlanted(t, body)
		evs := parseSSE(t, body)
		if !strings.Contains(evs[len(evs)-1].data, "stream_aborted") {
			t.Fatalf("no error event at the end: %q", body)
		}
	})
}

func TestReadEventFraming(t *testing.T) {
	in := "id: 1\r\nevent: x\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\n: comment\n\ndata: [DONE]\n\n"
	px := newProxy(t, sseUpstream(t, []string{in}).URL, scanner(t, nil))
	_, body := post(t, px.URL+"/v1/chat/completions", `{}`)
	// Comments lose their text (nothing scans it; clients ignore it) but
	// stay as keep-alives; a payload over several data lines keeps them.
	want := "event: x\nid: 1\ndata: {\"a\":\ndata: 1}\n\n:\n\ndata: [DONE]\n\n"
	if body != want {
		t.Fatalf("framing:\n got %q\nwant %q", body, want)
	}
}

// TestLogprobsBlanked: log probabilities repeat the answer token by
// token; they cannot be redacted consistently, so they are blanked.
func TestLogprobsBlanked(t *testing.T) {
	s := scanner(t, nil)
	lp := `{"content":[{"token":"AKIAZ3MSJV4WXLGPTQ7R","logprob":-0.1,"bytes":[65],"top_logprobs":[]}]}`
	t.Run("stream", func(t *testing.T) {
		evs := []string{
			`data: {"id":"c","choices":[{"index":0,"delta":{"content":"key AKIAZ3MSJV4WXLGPTQ7R"},"logprobs":` + lp + `,"finish_reason":null}]}` + "\n\n",
			`data: {"id":"c","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}` + "\n\ndata: [DONE]\n\n",
			`event: response.output_text.delta` + "\n" + `data: {"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"x","logprobs":[{"token":"AKIAZ3MSJV4WXLGPTQ7R","logprob":-1}]}` + "\n\n",
		}
		for _, c := range []struct{ path, body string }{{"/v1/chat/completions", evs[0] + evs[1]}, {"/v1/responses", evs[2]}} {
			px := newProxy(t, sseUpstream(t, []string{c.body}).URL, s)
			_, body := post(t, px.URL+c.path, `{"stream":true}`)
			noPlanted(t, body)
			parseSSE(t, body)
		}
	})
	t.Run("json", func(t *testing.T) {
		up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"choices":[{"index":0,"message":{"content":"key AKIAZ3MSJV4WXLGPTQ7R"},"logprobs":`+lp+`}]}`)
		}))
		defer up.Close()
		_, body := post(t, newProxy(t, up.URL, s).URL+"/v1/chat/completions", `{}`)
		noPlanted(t, body)
		if !strings.Contains(body, `"logprobs":null`) || !json.Valid([]byte(body)) {
			t.Fatalf("logprobs not blanked: %q", body)
		}
	})
}
