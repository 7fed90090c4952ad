package natsbus

import (
	"context"
	"errors"
	"fmt"

	"github.com/sluice-dlp/sluice/engine"
	"github.com/sluice-dlp/sluice/internal/jsonx"
	"github.com/sluice-dlp/sluice/internal/modelapi"
)

// ErrInvalidJSON: a payload expected to be JSON is not, or has a
// duplicate member name (see internal/jsonx): such a message goes to the
// dead letter, never out unscanned.
var ErrInvalidJSON = errors.New("invalid JSON payload")

// Well-known field paths for model responses, from the one definition the
// proxy uses too (internal/modelapi).
var (
	// OpenAIPaths selects the text of OpenAI answers (Chat Completions,
	// Completions, Responses; whole and streamed).
	OpenAIPaths = modelapi.OpenAIText
	// AnthropicPaths selects the text of Anthropic Messages answers.
	AnthropicPaths = modelapi.AnthropicText
)

// fieldPaths selects the JSON strings to redact, in jsonx path syntax:
// choices[].message.content; a path ending on an object or array covers
// every string below it.
type fieldPaths = *jsonx.Paths

func parsePaths(paths []string) (fieldPaths, error) {
	return jsonx.ParsePaths(modelapi.Expand(paths))
}

// redactJSON redacts the selected strings in place: the rest of the
// document is kept byte for byte, so it stays valid JSON.
func redactJSON(ctx context.Context, s *engine.Scanner, fp fieldPaths, doc []byte) ([]byte, summary, error) {
	d, err := jsonx.Parse(doc)
	if err != nil {
		return nil, summary{}, fmt.Errorf("%w: %w", ErrInvalidJSON, err)
	}
	var sum summary
	var text []byte
	err = fp.Strings(d, func(v jsonx.V) error {
		text = d.AppendStr(text[:0], v)
		res, err := s.Redact(ctx, text)
		if err != nil {
			return err
		}
		sum.add(res)
		if len(res.Findings) > 0 {
			d.Replace(v, jsonx.AppendString(nil, res.Redacted))
		}
		return nil
	})
	if err != nil {
		return nil, summary{}, err
	}
	return d.Bytes(), sum, nil
}
