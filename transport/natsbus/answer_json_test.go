package natsbus

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
)

// openAIChunk is one chat.completion.chunk with the given deltas.
func openAIChunk(choices ...string) string {
	return `{"id":"chatcmpl-1","object":"chat.completion.chunk","model":"m","choices":[` + strings.Join(choices, ",") + `]}`
}

func contentDelta(index int, text string) string {
	b, _ := json.Marshal(text)
	return fmt.Sprintf(`{"index":%d,"delta":{"content":%s},"finish_reason":null}`, index, b)
}

func toolDelta(index, call int, args string) string {
	b, _ := json.Marshal(args)
	return fmt.Sprintf(`{"index":%d,"delta":{"tool_calls":[{"index":%d,"function":{"arguments":%s}}]},"finish_reason":null}`, index, call, b)
}

// texts gathers, from OpenAI chunks, each choice's content and each tool
// call's arguments in order.
func texts(t *testing.T, payloads [][]byte) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range payloads {
		var c struct {
			Choices []struct {
				Index int `json:"index"`
				Delta struct {
					Content   string `json:"content"`
					ToolCalls []struct {
						Index    int `json:"index"`
						Function struct {
							Arguments string `json:"arguments"`
						} `json:"function"`
					} `json:"tool_calls"`
				} `json:"delta"`
			} `json:"choices"`
		}
		if err := json.Unmarshal(p, &c); err != nil {
			t.Fatalf("output is not JSON: %v: %q", err, p)
		}
		for _, ch := range c.Choices {
			out["content"+strconv.Itoa(ch.Index)] += ch.Delta.Content
			for _, tc := range ch.Delta.ToolCalls {
				out[fmt.Sprintf("tool%d.%d", ch.Index, tc.Index)] += tc.Function.Arguments
			}
		}
	}
	return out
}

// TestStreamedAnswersJSON: an OpenAI stream whose two choices and a tool
// call each carry values split across chunks, with --json-paths openai.
// Every output is a chunk of the same format; per choice and per tool
// call the texts concatenate to the batch redaction of that text; the
// rest held at the end comes in extra chunks before the end mark.
func TestStreamedAnswersJSON(t *testing.T) {
	for _, mode := range []string{"core", "jetstream"} {
		t.Run(mode, func(t *testing.T) {
			b := newBus(t)
			noLeak(t, b.srv.ClientURL())
			cfg := modeConfig(mode)
			cfg.JSONPaths = []string{"openai"}
			startConsumer(t, b.srv.ClientURL(), cfg, nil)
			out := collect(t, b.nc, "llm.redacted.>")
			c0 := "mail " + canaryEmail + " now, key " + canarySecret + " end"
			c1 := "second choice: " + canarySecret + " and " + canaryEmail
			args := `{"to":"` + canaryEmail + `","token":"` + canarySecret + `"}`
			var chunks []string
			for i := 0; i < max(len(c0), len(c1), len(args)); i += 7 {
				var parts []string
				if i < len(c0) {
					parts = append(parts, contentDelta(0, c0[i:min(i+7, len(c0))]))
				}
				if i < len(c1) {
					parts = append(parts, contentDelta(1, c1[i:min(i+7, len(c1))]))
				}
				if i < len(args) {
					parts = append(parts, toolDelta(0, 2, args[i:min(i+7, len(args))]))
				}
				chunks = append(chunks, openAIChunk(parts...))
			}
			chunks = append(chunks, openAIChunk(`{"index":0,"delta":{},"finish_reason":"stop"}`, `{"index":1,"delta":{},"finish_reason":"stop"}`))
			for i, c := range chunks {
				b.pubChunk(t, mode, chunkMsg("llm.responses.json", "oa-1", c, i == len(chunks)-1))
			}
			var msgs []*nats.Msg
			checkFor(t, 10*time.Second, 10*time.Millisecond, func() error {
				_, msgs = out.get("oa-1")
				if len(msgs) == 0 || msgs[len(msgs)-1].Header.Get(HeaderStreamEnd) != "true" {
					return fmt.Errorf("%d outputs, no end yet", len(msgs))
				}
				return nil
			})
			var payloads [][]byte
			for i, m := range msgs {
				payloads = append(payloads, m.Data)
				if (m.Header.Get(HeaderStreamEnd) == "true") != (i == len(msgs)-1) {
					t.Fatalf("end mark on output %d of %d", i, len(msgs))
				}
			}
			if len(msgs) <= len(chunks) {
				t.Fatalf("%d outputs for %d chunks: the held rest needs extra outputs here", len(msgs), len(chunks))
			}
			got := texts(t, payloads)
			for key, in := range map[string]string{"content0": c0, "content1": c1, "tool0.2": args} {
				if want, _ := batchOf(t, in); got[key] != want {
					t.Errorf("%s: %q, want %q", key, got[key], want)
				}
			}
		})
	}
}

// TestStreamedAnswersJSONAnthropic: Anthropic stream events, two content
// blocks told apart by the event's own index, the end mark on
// message_stop (which has no text): each block's text comes out whole
// once its pieces are joined.
func TestStreamedAnswersJSONAnthropic(t *testing.T) {
	b := newBus(t)
	noLeak(t, b.srv.ClientURL())
	cfg := jsConfig()
	cfg.JSONPaths = []string{"anthropic"}
	startConsumer(t, b.srv.ClientURL(), cfg, nil)
	out := collect(t, b.nc, "llm.redacted.>")
	blocks := []string{"block zero mails " + canaryEmail + " soon", "block one has " + canarySecret + " inside"}
	var events []string
	for i := 0; i < max(len(blocks[0]), len(blocks[1])); i += 5 {
		for bi, text := range blocks {
			if i < len(text) {
				piece, _ := json.Marshal(text[i:min(i+5, len(text))])
				events = append(events, fmt.Sprintf(`{"type":"content_block_delta","index":%d,"delta":{"type":"text_delta","text":%s}}`, bi, piece))
			}
		}
	}
	events = append(events, `{"type":"message_stop"}`)
	for i, e := range events {
		b.pubChunk(t, "jetstream", chunkMsg("llm.responses.claude", "an-1", e, i == len(events)-1))
	}
	var msgs []*nats.Msg
	checkFor(t, 10*time.Second, 10*time.Millisecond, func() error {
		_, msgs = out.get("an-1")
		if len(msgs) == 0 || msgs[len(msgs)-1].Header.Get(HeaderStreamEnd) != "true" {
			return fmt.Errorf("%d outputs, no end yet", len(msgs))
		}
		return nil
	})
	got := map[int]string{}
	for _, m := range msgs {
		var e struct {
			Type  string `json:"type"`
			Index int    `json:"index"`
			Delta struct {
				Text string `json:"text"`
			} `json:"delta"`
		}
		if err := json.Unmarshal(m.Data, &e); err != nil {
			t.Fatalf("output is not JSON: %q", m.Data)
		}
		if e.Type == "content_block_delta" {
			got[e.Index] += e.Delta.Text
		}
	}
	if last := string(msgs[len(msgs)-1].Data); last != `{"type":"message_stop"}` {
		t.Fatalf("last output %s", last)
	}
	for bi, text := range blocks {
		if want, _ := batchOf(t, text); got[bi] != want {
			t.Errorf("block %d: %q, want %q", bi, got[bi], want)
		}
	}
}
