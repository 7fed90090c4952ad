package modelapi

import (
	"testing"

	"github.com/sluice-dlp/sluice/internal/jsonx"
)

// Answers of each shape with every text field set to "TEXT" and every
// other string to something else: the shorthand's paths must select
// exactly the TEXT strings that are text (and may select more, such as
// the "type" of a content part, which redacts to itself).
func TestShorthandsCoverEveryTextField(t *testing.T) {
	cases := []struct {
		list string
		doc  string
	}{
		{"openai", `{"id":"c1","object":"chat.completion","model":"m","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant",
			"content":"TEXT","refusal":"TEXT","reasoning_content":"TEXT","reasoning":"TEXT",
			"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"TEXT"}},{"id":"call_2","type":"custom","custom":{"name":"g","input":"TEXT"}}],
			"function_call":{"name":"f","arguments":"TEXT"},"audio":{"id":"a","data":"UklG","transcript":"TEXT"}}}]}`},
		{"openai", `{"id":"c1","choices":[{"index":0,"delta":{"role":"assistant","content":"TEXT","refusal":"TEXT","reasoning_content":"TEXT","reasoning":"TEXT",
			"tool_calls":[{"index":0,"id":"call_1","function":{"name":"f","arguments":"TEXT"}}],"function_call":{"arguments":"TEXT"},"audio":{"transcript":"TEXT"}}}]}`},
		{"openai", `{"choices":[{"index":0,"delta":{"content":[{"type":"text","text":"TEXT"}]}}]}`},
		{"openai", `{"id":"c","object":"text_completion","choices":[{"index":0,"text":"TEXT","finish_reason":"stop"}]}`},
		{"openai", `{"id":"resp_1","object":"response","output_text":"TEXT","output":[
			{"type":"reasoning","id":"rs","summary":[{"type":"summary_text","text":"TEXT"}],"content":[{"type":"reasoning_text","text":"TEXT"}]},
			{"type":"message","id":"m","role":"assistant","content":[{"type":"output_text","text":"TEXT"},{"type":"refusal","refusal":"TEXT"}]},
			{"type":"function_call","id":"fc","call_id":"c","name":"f","arguments":"TEXT"},{"type":"custom_tool_call","input":"TEXT"}]}`},
		{"openai", `{"type":"response.output_text.delta","item_id":"m","output_index":0,"content_index":0,"delta":"TEXT"}`},
		{"openai", `{"type":"response.reasoning_summary_text.done","item_id":"rs","output_index":0,"summary_index":0,"text":"TEXT"}`},
		{"openai", `{"type":"response.function_call_arguments.done","item_id":"fc","output_index":1,"arguments":"TEXT"}`},
		{"openai", `{"type":"response.content_part.done","item_id":"m","output_index":0,"content_index":0,"part":{"type":"output_text","text":"TEXT"}}`},
		{"openai", `{"type":"response.completed","response":{"id":"r","output":[{"type":"message","content":[{"type":"output_text","text":"TEXT"}]}]}}`},
		{"anthropic", `{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"thinking","thinking":"TEXT","signature":"Eq"},
			{"type":"text","text":"TEXT"},{"type":"tool_use","id":"t","name":"f","input":{"q":"TEXT","n":["TEXT"]}}],"stop_reason":"end_turn"}`},
		{"anthropic", `{"type":"content_block_start","index":0,"content_block":{"type":"text","text":"TEXT"}}`},
		{"anthropic", `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"TEXT"}}`},
		{"anthropic", `{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"TEXT"}}`},
		{"anthropic", `{"type":"content_block_delta","index":2,"delta":{"type":"thinking_delta","thinking":"TEXT"}}`},
	}
	for _, c := range cases {
		paths, ok := Shorthand(c.list)
		if !ok {
			t.Fatal(c.list)
		}
		p := jsonx.MustPaths(paths...)
		d, err := jsonx.Parse([]byte(c.doc))
		if err != nil {
			t.Fatal(err)
		}
		selected := 0
		if err := p.Strings(d, func(v jsonx.V) error {
			if d.StrIs(v, "TEXT") {
				selected++
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		total := countText(d, d.Root())
		if selected != total {
			t.Errorf("%s misses %d of %d text fields in %s", c.list, total-selected, total, c.doc)
		}
	}
}

func countText(d *jsonx.Doc, v jsonx.V) int {
	n := 0
	if d.StrIs(v, "TEXT") {
		n++
	}
	for c := d.First(v); c != jsonx.None; c = d.Next(c) {
		n += countText(d, c)
	}
	return n
}

func TestStructural(t *testing.T) {
	for _, tc := range []struct {
		key, val        string
		audio, redacted bool
		want            bool
	}{
		{"role", "assistant", false, false, true},
		{"type", "response.output_text.delta", false, false, true},
		{"role", "AKIAZ3MSJV4WXLGPTQ7R", false, false, false},
		{"role", "jane@example.com", false, false, false},
		{"finish_reason", "stop because 4111111111111111", false, false, false},
		{"content", "stop", false, false, false},
		{"Role", "assistant", false, false, false}, // names are exact
		{"signature", "EqQBCgIYAhIM+/=", false, false, true},
		{"signature", "key jane@example.com", false, false, false},
		{"data", "UklGRg==", true, false, true},
		{"data", "UklGRg==", false, false, false},
		{"data", "UklGRg==", false, true, true},
		{"id", "chatcmpl-1", false, false, false}, // ids are scanned
		{"created_at", "2024-09-24T18:37:24.100435Z", false, false, true},
		{"ended_at", "2024-09-24T18:37:24+02:00", false, false, true},
		{"created_at", "2024-09-24T18:37:24Z and jane@example.com", false, false, false},
		{"created_at", "2024-09-24", false, false, false},
		{"created", "2024-09-24T18:37:24Z", false, false, false},
	} {
		if got := Structural(tc.key, tc.val, tc.audio, tc.redacted); got != tc.want {
			t.Errorf("Structural(%q, %q, %v, %v) = %v", tc.key, tc.val, tc.audio, tc.redacted, got)
		}
	}
	if got := Expand([]string{"openai", " anthropic ", "x.y"}); len(got) != len(OpenAIText)+len(AnthropicText)+1 || got[len(got)-1] != "x.y" {
		t.Errorf("Expand = %v", got)
	}
}
