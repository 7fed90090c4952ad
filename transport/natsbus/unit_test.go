package natsbus

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/sluice-dlp/sluice/internal/jsonx"
)

func TestMapping(t *testing.T) {
	tests := []struct {
		pattern, template, in, want string
		ok                          bool
	}{
		{"llm.responses.>", "llm.redacted.>", "llm.responses.demo", "llm.redacted.demo", true},
		{"llm.responses.>", "llm.redacted.>", "llm.responses.openai.gpt4", "llm.redacted.openai.gpt4", true},
		{"llm.responses.>", "llm.redacted.>", "llm.responses", "", false},
		{"llm.responses.>", "llm.redacted.>", "llm.other.x", "", false},
		{"in.*.x.*", "out.*.*", "in.a.x.b", "out.a.b", true},
		{"in.*.x.*", "out.*.*", "in.a.y.b", "", false},
		{"in.*", "out.*", "in.a.b", "", false},
		{"in.*", "fixed.subject", "in.a", "fixed.subject", true},
		{"in.exact", "out.exact", "in.exact", "out.exact", true},
		{"in.exact", "out.exact", "in.exact.more", "", false},
		{"a.*.>", "b.*.>", "a.1.2.3", "b.1.2.3", true},
	}
	for _, tt := range tests {
		t.Run(tt.pattern+"→"+tt.template+"/"+tt.in, func(t *testing.T) {
			m, err := NewMapping(tt.pattern, tt.template)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := m.Map(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Fatalf("Map(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestMappingErrors(t *testing.T) {
	tests := []struct{ pattern, template string }{
		{"llm.responses.>", "llm.redacted.*"},
		{"llm.*", "out.*.*"},
		{"llm.>.x", "out.>"},
		{"llm..x", "out"},
		{"", "out"},
		{"llm.re*", "out.*"},
		{"llm.>", "llm.>"},
	}
	for _, tt := range tests {
		t.Run(tt.pattern+"→"+tt.template, func(t *testing.T) {
			if _, err := NewMapping(tt.pattern, tt.template); !errors.Is(err, ErrSubject) {
				t.Fatalf("want ErrSubject, got %v", err)
			}
		})
	}
}

func TestRedactJSON(t *testing.T) {
	openai := []string{"choices[].message.content"}
	anthropic := []string{"content[].text"}
	tests := []struct {
		name     string
		paths    []string
		in, want string
		findings int
	}{
		{"openai", openai,
			`{"id":"c1","choices":[{"index":0,"message":{"role":"assistant","content":"mail alice@example.com"}},{"message":{"content":"none here"}}],"usage":{"total_tokens":9}}`,
			`{"id":"c1","choices":[{"index":0,"message":{"role":"assistant","content":"mail <EMAIL_ADDRESS>"}},{"message":{"content":"none here"}}],"usage":{"total_tokens":9}}`, 1},
		{"anthropic", anthropic,
			`{"type":"message","content":[{"type":"text","text":"key sk-abcdefghijklmnopqrstuvwxyz0123"},{"type":"tool_use","input":{"q":"bob@example.com"}}]}`,
			`{"type":"message","content":[{"type":"text","text":"key <GENERIC_SECRET>"},{"type":"tool_use","input":{"q":"bob@example.com"}}]}`, 1},
		{"fields outside the path untouched", openai,
			`{"user":"bob@example.com","choices":[]}`, `{"user":"bob@example.com","choices":[]}`, 0},
		{"escapes decoded and re-encoded", openai,
			`{"choices":[{"message":{"content":"line\n\"q\" alice\u0040example.com \u00e9"}}]}`,
			`{"choices":[{"message":{"content":"line\n\"q\" <EMAIL_ADDRESS> é"}}]}`, 1},
		{"path ends on an array: every string below", []string{"choices"},
			`{"choices":[{"message":{"content":["a@example.com",{"x":"b@example.com"}]}}],"n":1}`,
			`{"choices":[{"message":{"content":["<EMAIL_ADDRESS>",{"x":"<EMAIL_ADDRESS>"}]}}],"n":1}`, 2},
		{"whitespace and wildcard key", []string{"*.text"},
			"{ \"a\" : { \"text\" : \"x@example.com\" } , \"b\": 2 }",
			"{ \"a\" : { \"text\" : \"<EMAIL_ADDRESS>\" } , \"b\": 2 }", 1},
		{"top-level array", []string{"[].text"},
			`[{"text":"x@example.com"},{"text":null},{"text":3}]`,
			`[{"text":"<EMAIL_ADDRESS>"},{"text":null},{"text":3}]`, 1},
		{"several paths", append(openai, "system_fingerprint"),
			`{"system_fingerprint":"fp x@example.com","choices":[{"message":{"content":"y@example.com"}}]}`,
			`{"system_fingerprint":"fp <EMAIL_ADDRESS>","choices":[{"message":{"content":"<EMAIL_ADDRESS>"}}]}`, 2},
	}
	s := scanner(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fp, err := parsePaths(tt.paths)
			if err != nil {
				t.Fatal(err)
			}
			got, sum, err := redactJSON(context.Background(), s, fp, []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Fatalf("got  %s\nwant %s", got, tt.want)
			}
			if !json.Valid(got) {
				t.Fatal("output is not valid JSON")
			}
			if sum.findings != tt.findings {
				t.Fatalf("findings = %d, want %d", sum.findings, tt.findings)
			}
		})
	}
}

func TestRedactJSONInvalid(t *testing.T) {
	fp, _ := parsePaths([]string{"a"})
	deep := strings.Repeat("[", 600) + strings.Repeat("]", 600)
	for name, in := range map[string]string{
		"truncated": `{"a":"x@example.com"`,
		"not json":  `hello x@example.com`,
		"too deep":  deep,
	} {
		t.Run(name, func(t *testing.T) {
			if _, _, err := redactJSON(context.Background(), scanner(t), fp, []byte(in)); !errors.Is(err, ErrInvalidJSON) {
				t.Fatalf("want ErrInvalidJSON, got %v", err)
			}
		})
	}
}

func TestParsePathsErrors(t *testing.T) {
	for _, p := range []string{"choices[0].message", "a..b", ""} {
		if _, err := parsePaths([]string{p}); err == nil {
			t.Errorf("parsePaths(%q): want error", p)
		}
	}
}

func TestAppendJSONString(t *testing.T) {
	in := []byte("a\"b\\c\n\x01\xff\u2028é")
	out := jsonx.AppendString(nil, in)
	if !json.Valid(out) {
		t.Fatalf("invalid: %s", out)
	}
	var s string
	_ = json.Unmarshal(out, &s)
	if s != "a\"b\\c\n\x01\ufffd\u2028é" {
		t.Fatalf("round trip: %q", s)
	}
}

func TestStreamName(t *testing.T) {
	for in, want := range map[string]string{
		"llm.responses.>":   "LLM_RESPONSES",
		"sluice.deadletter": "SLUICE_DEADLETTER",
		"a.*.b-c":           "A_B_C",
		">":                 "SLUICE",
	} {
		if got := StreamName(in); got != want {
			t.Errorf("StreamName(%q) = %q, want %q", in, got, want)
		}
	}
}
