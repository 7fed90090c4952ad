// Package modelapi is sluice's one description of the model APIs whose
// answers it redacts: OpenAI Chat Completions, Completions and Responses,
// and Anthropic Messages, whole and streamed. Both the proxy
// (transport/sseproxy) and `--json-paths openai|anthropic` on the bus
// (transport/natsbus) read their fields from here, so they cannot drift
// apart.
//
// Two views of one schema:
//
//   - OpenAIText and AnthropicText list, in jsonx path syntax, every field
//     that carries model text. The bus redacts exactly these.
//   - Structural says which string values are protocol tokens and not
//     text. The proxy fails closed with it: it redacts every string of an
//     answer except those Structural accepts, so a field the lists miss
//     (a new API field, a case variant, an unexpected nesting) is still
//     redacted.
package modelapi

import "strings"

// OpenAIText are the text fields of OpenAI answers: Chat Completions
// (message and streamed delta: content as a string or as parts, refusal,
// the reasoning fields of OpenAI-compatible servers, tool and legacy
// function-call arguments, audio transcripts), Completions (text) and the
// Responses API (output items, their summaries and arguments, and the
// delta/done events of a stream). A path that ends on an object or array
// covers every string below it.
var OpenAIText = []string{
	// Chat Completions, whole answer.
	"choices[].message.content",
	"choices[].message.refusal",
	"choices[].message.reasoning_content",
	"choices[].message.reasoning",
	"choices[].message.tool_calls[].function.arguments",
	"choices[].message.tool_calls[].custom.input",
	"choices[].message.function_call.arguments",
	"choices[].message.audio.transcript",
	// Chat Completions, streamed chunk.
	"choices[].delta.content",
	"choices[].delta.refusal",
	"choices[].delta.reasoning_content",
	"choices[].delta.reasoning",
	"choices[].delta.tool_calls[].function.arguments",
	"choices[].delta.function_call.arguments",
	"choices[].delta.audio.transcript",
	// Completions.
	"choices[].text",
	// Responses API: a response object, and a stream's events.
	"output[].content",
	"output[].summary",
	"output[].arguments",
	"output[].input",
	"output[].code",
	"output_text",
	"response.output",
	"response.output_text",
	"delta",
	"text",
	"arguments",
	"refusal",
	"part",
	"item",
}

// AnthropicText are the text fields of Anthropic Messages answers: text,
// thinking and tool-input blocks of a whole message, and the
// content_block_start and content_block_delta events of a stream (text,
// thinking and partial_json deltas), plus legacy Text Completions.
var AnthropicText = []string{
	"content[].text",
	"content[].thinking",
	"content[].input",
	"content[].content",
	"content_block.text",
	"content_block.thinking",
	"content_block.input",
	"content_block.content",
	"delta.text",
	"delta.thinking",
	"delta.partial_json",
	"message.content",
	"completion",
}

// Shorthand is the path list a shorthand name stands for ("openai",
// "anthropic").
func Shorthand(name string) ([]string, bool) {
	switch name {
	case "openai":
		return OpenAIText, true
	case "anthropic":
		return AnthropicText, true
	}
	return nil, false
}

// Expand replaces the shorthands in a path list by their paths.
func Expand(paths []string) []string {
	var out []string
	for _, p := range paths {
		if s, ok := Shorthand(strings.TrimSpace(p)); ok {
			out = append(out, s...)
			continue
		}
		out = append(out, p)
	}
	return out
}

// enumNames are members whose value, in every API above, is one of a
// fixed set of lower-case protocol words ("assistant",
// "chat.completion.chunk", "response.output_text.delta", "tool_calls").
var enumNames = map[string]bool{
	"type": true, "object": true, "role": true, "finish_reason": true, "stop_reason": true,
	"status": true, "service_tier": true,
}

// opaqueNames hold provider-made opaque blobs (Anthropic thinking
// signatures, OpenAI encrypted reasoning): base64 that the model does not
// write and the client sends back verbatim, so redacting a chance match
// in it would only break the client's next turn.
var opaqueNames = map[string]bool{"signature": true, "encrypted_content": true}

// Structural reports whether the string value s of member key is a
// protocol token rather than text, so the proxy may pass it without a
// scan. A known name whose value has any other shape is text: an
// upstream cannot hide text in "role" by sending something that is not a
// role. inAudio says the member is inside an "audio" object (base64
// audio "data"); redactedThinking that its object is an Anthropic
// redacted_thinking block ("data" is an encrypted blob).
func Structural(key, s string, inAudio, redactedThinking bool) bool {
	switch {
	case enumNames[key]:
		return isEnum(s)
	case strings.HasSuffix(key, "_at"):
		// created_at, expires_at… of batches and files: a timestamp
		// parsed by the SDKs, which a date rule must not rewrite.
		return isTimestamp(s)
	case opaqueNames[key], key == "data" && (inAudio || redactedThinking):
		return isBase64(s)
	}
	return false
}

// isEnum: 1 to 64 bytes of a-z, '_' and '.', starting with a letter.
func isEnum(s string) bool {
	if len(s) == 0 || len(s) > 64 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z') && c != '_' && c != '.' {
			return false
		}
	}
	return true
}

// isTimestamp: an RFC 3339 date-time, "2024-09-24T18:37:24.100435Z" or
// with an offset: digits and fixed separators only.
func isTimestamp(s string) bool {
	const shape = "dddd-dd-ddTdd:dd:dd"
	if len(s) < len(shape)+1 || len(s) > 40 {
		return false
	}
	for i := 0; i < len(shape); i++ {
		if c := s[i]; (shape[i] == 'd' && (c < '0' || c > '9')) || (shape[i] != 'd' && c != shape[i]) {
			return false
		}
	}
	rest := s[len(shape):]
	if rest[0] == '.' {
		i := 1
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 1 {
			return false
		}
		rest = rest[i:]
	}
	if rest == "Z" {
		return true
	}
	return len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && isDigits(rest[1:3]) && rest[3] == ':' && isDigits(rest[4:6])
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// isBase64: standard or URL-safe base64 characters only.
func isBase64(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z') && !('A' <= c && c <= 'Z') && !('0' <= c && c <= '9') &&
			c != '+' && c != '/' && c != '=' && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

// thinkingNames are members whose string value is the model's reasoning
// (Anthropic "thinking", the reasoning fields of OpenAI-compatible
// servers).
var thinkingNames = map[string]bool{"thinking": true, "reasoning_content": true, "reasoning": true}

// IsThinkingField reports whether a string member named key is reasoning
// text. parentArray is the name of the array its object is an element of
// ("summary" for Responses reasoning summaries); itemType is the "type"
// of the enclosing object (a "reasoning_text" part, a "summary_text").
func IsThinkingField(key, parentArray, itemType string) bool {
	if thinkingNames[key] {
		return true
	}
	if key == "text" && (parentArray == "summary" || itemType == "summary_text" || itemType == "reasoning_text") {
		return true
	}
	return false
}

// IsThinkingEvent reports whether a Responses stream event type carries
// reasoning text (response.reasoning_summary_text.delta,
// response.reasoning_text.done, response.reasoning_summary_part.added…).
func IsThinkingEvent(typ string) bool {
	return strings.HasPrefix(typ, "response.reasoning")
}
