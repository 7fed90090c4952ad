package detectors

import (
	"fmt"
	"strings"
)

// Markers that delimit, inside a true-positive example, each value the
// rule must redact: "OPENAI_API_KEY=«sk-proj-…»".
const (
	MarkOpen  = "«" // U+00AB
	MarkClose = "»" // U+00BB
)

// ParseExample removes the «…» markers from an example and returns the
// text a scanner sees plus the byte spans (into that text, end exclusive)
// the markers enclosed, in order. An example without markers has no
// spans. Markers must pair up, must not nest and must not be empty, so
// a typo in an example is an error, never a silently weaker test.
func ParseExample(s string) (text string, spans [][2]int, err error) {
	if !strings.Contains(s, MarkOpen) && !strings.Contains(s, MarkClose) {
		return s, nil, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	open := -1
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], MarkOpen):
			if open >= 0 {
				return "", nil, fmt.Errorf("example %q: « at byte %d opens a second mark before » closes the first", s, i)
			}
			open = b.Len()
			i += len(MarkOpen)
		case strings.HasPrefix(s[i:], MarkClose):
			if open < 0 {
				return "", nil, fmt.Errorf("example %q: » at byte %d has no « before it", s, i)
			}
			if b.Len() == open {
				return "", nil, fmt.Errorf("example %q: «» marks nothing", s)
			}
			spans = append(spans, [2]int{open, b.Len()})
			open = -1
			i += len(MarkClose)
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	if open >= 0 {
		return "", nil, fmt.Errorf("example %q: « is never closed by »", s)
	}
	return b.String(), spans, nil
}

// MarkExample is ParseExample's inverse for one value: it marks the only
// occurrence of value in text. It is how the {text, value} form of an
// example becomes a marked one.
func MarkExample(text, value string) (string, error) {
	if value == "" {
		return "", fmt.Errorf("example %q: value is empty", text)
	}
	if strings.Contains(text, MarkOpen) || strings.Contains(text, MarkClose) {
		return "", fmt.Errorf("example %q: give either «…» marks or a value, not both", text)
	}
	switch n := strings.Count(text, value); n {
	case 0:
		return "", fmt.Errorf("example %q: value %q does not occur in the text", text, value)
	case 1:
	default:
		return "", fmt.Errorf("example %q: value %q occurs %d times; mark the one meant with «…»", text, value, n)
	}
	i := strings.Index(text, value)
	return text[:i] + MarkOpen + value + MarkClose + text[i+len(value):], nil
}
