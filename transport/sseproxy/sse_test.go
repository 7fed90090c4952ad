package sseproxy

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// refEvent is what an EventSource client dispatches.
type refEvent struct {
	name, data, id string
	hasID          bool
}

var lineEnd = regexp.MustCompile("\r\n|\r|\n")

// refEvents is a reference reading of an event stream written straight
// from the WHATWG HTML spec ("Interpreting an event stream") on the whole
// input at once: drop one leading BOM, split lines at CRLF, CR or LF,
// dispatch at a blank line, drop what is pending at the end.
func refEvents(b []byte) []refEvent {
	s := strings.TrimPrefix(string(b), "\ufeff")
	lines := lineEnd.Split(s, -1)
	// The last element follows the last line end: an unterminated line,
	// which the spec never processes as a complete line... except that it
	// is only dropped together with the event it would belong to.
	lines = lines[:len(lines)-1]
	var out []refEvent
	var data strings.Builder
	hasData := false
	var cur refEvent
	for _, l := range lines {
		if l == "" {
			if hasData {
				cur.data = data.String()
				out = append(out, cur)
			}
			data.Reset()
			hasData = false
			cur = refEvent{}
			continue
		}
		if strings.HasPrefix(l, ":") {
			continue
		}
		field, value := l, ""
		if i := strings.Index(l, ":"); i >= 0 {
			field, value = l[:i], strings.TrimPrefix(l[i+1:], " ")
		}
		switch field {
		case "data":
			if hasData {
				data.WriteString("\n")
			}
			data.WriteString(value)
			hasData = true
		case "event":
			cur.name = value
		case "id":
			if !strings.Contains(value, "\x00") {
				cur.id, cur.hasID = value, true
			}
		}
	}
	return out
}

// readAll reads every event with the proxy's reader.
func readAll(r io.Reader) ([]refEvent, error) {
	er := newEventReader(r, MaxEventBytes)
	var out []refEvent
	for {
		ev, _, err := er.next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		if ev.hasData {
			out = append(out, refEvent{name: ev.name, data: string(ev.data), id: string(ev.id), hasID: ev.hasID})
		}
	}
}

func TestEventReaderMatchesSpec(t *testing.T) {
	for _, in := range []string{
		"data: a\n\n",
		"\ufeffdata: a\r\rdata: b\r\n\r\n",
		"data:a\rdata: b\r\revent: x\ndata\n\n",
		": comment\ndata: {\"a\":\ndata: 1}\n\nid: 7\ndata: x\n\n",
		"data: cut off at the end",
		"data: a\n\ndata: pending\n",
		"data:  two spaces\r\n\r\n",
		"Data: ignored\nevent: e\n\n",
		"\ufeff\ufeffdata: second BOM is a field name\n\n",
		"data: a\r",
	} {
		want := refEvents([]byte(in))
		got, err := readAll(iotest.OneByteReader(strings.NewReader(in)))
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q:\n got %+v\nwant %+v", in, got, want)
		}
	}
}

// FuzzEventReader compares the proxy's streaming event reader, fed one
// byte at a time, with the whole-input reference reading of the spec;
// and checks that writing an event back and reading it again gives the
// same data.
func FuzzEventReader(f *testing.F) {
	for _, s := range []string{
		"data: a\n\n", "\ufeffdata: a\r\rdata: b\r\n\r\n", "event: x\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\n",
		": c\n\nid: 1\nretry: 10\ndata\n\n", "data: x\rdata: y\n\n", "data: a\r\n", "data: [DONE]\n\ndata: late\n\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		want := refEvents(in)
		got, err := readAll(iotest.OneByteReader(bytes.NewReader(in)))
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%q:\n got %+v\nwant %+v", in, got, want)
		}
		for _, ev := range got {
			if !eventName(ev.name) {
				continue
			}
			b := appendEvent(nil, ev.name, nil, false, nil, []byte(ev.data))
			back := refEvents(b)
			// A payload's line ends all come back as LF.
			wantData := lineEnd.ReplaceAllString(ev.data, "\n")
			if len(back) != 1 || back[0].data != wantData || back[0].name != ev.name {
				t.Fatalf("write-back of %q reads as %+v", ev.data, back)
			}
		}
	})
}
