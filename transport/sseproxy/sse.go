package sseproxy

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// event is one server-sent event as the WHATWG HTML "event stream
// interpretation" reads it: lines end with CRLF, LF or a lone CR, a
// leading UTF-8 BOM is dropped, "field: value" loses one space after the
// colon, data lines join with "\n", and an event is dispatched at a
// blank line. Fields other than data, event, id and retry are ignored,
// as clients ignore them; so are comments.
type event struct {
	name    string
	data    []byte
	hasData bool
	id      []byte
	hasID   bool
	retry   []byte
	// comment is set when the block had comment lines (kept as a bare
	// ":" keep-alive: their text is dropped, since nothing scans it).
	comment bool
}

var errEventTooLong = errors.New("SSE event too long")

// eventReader splits a byte stream into events.
type eventReader struct {
	br      *bufio.Reader
	started bool // the BOM check is done
	skipLF  bool // the last line ended with CR: a following LF belongs to it
	line    []byte
	max     int
}

func newEventReader(r io.Reader, max int) *eventReader {
	return &eventReader{br: bufio.NewReaderSize(r, 64<<10), max: max}
}

// readLine returns the next line without its end. eof reports a last
// line that had no line end (the spec drops such a line's event).
func (er *eventReader) readLine() (line []byte, eof bool, err error) {
	if !er.started {
		er.started = true
		if b, err := er.br.Peek(3); err == nil && string(b) == "\xef\xbb\xbf" {
			_, _ = er.br.Discard(3)
		}
	}
	er.line = er.line[:0]
	for {
		c, err := er.br.ReadByte()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return er.line, true, io.EOF
			}
			return nil, false, err
		}
		if er.skipLF {
			er.skipLF = false
			if c == '\n' {
				continue
			}
		}
		switch c {
		case '\n':
			return er.line, false, nil
		case '\r':
			er.skipLF = true
			return er.line, false, nil
		}
		if len(er.line) >= er.max {
			return nil, false, errEventTooLong
		}
		er.line = append(er.line, c)
		// Copy runs of ordinary bytes at once.
		if n := er.br.Buffered(); n > 0 {
			b, _ := er.br.Peek(n)
			k := bytes.IndexAny(b, "\r\n")
			if k < 0 {
				k = len(b)
			}
			if len(er.line)+k > er.max {
				return nil, false, errEventTooLong
			}
			er.line = append(er.line, b[:k]...)
			_, _ = er.br.Discard(k)
		}
	}
}

// next reads the next event. It returns io.EOF at the end of the stream;
// an event cut off by the end (no blank line after it) is not returned,
// as the spec says clients discard it; partial reports whether one was.
func (er *eventReader) next() (ev *event, partial bool, err error) {
	ev = &event{}
	size := 0
	pending := false
	for {
		line, eof, err := er.readLine()
		if err != nil && !eof {
			return nil, false, err
		}
		if eof {
			return nil, pending || len(line) > 0, io.EOF
		}
		if len(line) == 0 {
			if !pending {
				continue
			}
			return ev, false, nil
		}
		pending = true
		size += len(line)
		if size > er.max {
			return nil, false, errEventTooLong
		}
		if line[0] == ':' {
			ev.comment = true
			continue
		}
		field, value, found := bytes.Cut(line, []byte(":"))
		if found && len(value) > 0 && value[0] == ' ' {
			value = value[1:]
		}
		switch string(field) {
		case "data":
			if ev.hasData {
				ev.data = append(ev.data, '\n')
			}
			ev.data = append(ev.data, value...)
			ev.hasData = true
		case "event":
			ev.name = string(value)
		case "id":
			if bytes.IndexByte(value, 0) < 0 {
				ev.id = append(ev.id[:0], value...)
				ev.hasID = true
			}
		case "retry":
			if len(value) > 0 && allDigits(value) {
				ev.retry = append(ev.retry[:0], value...)
			}
		}
	}
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// appendEvent writes an event: its name, id and retry, then data as one
// "data:" line per line of data (so a payload with line breaks arrives
// whole), then the blank line.
func appendEvent(dst []byte, name string, id []byte, hasID bool, retry []byte, data []byte) []byte {
	if name != "" {
		dst = append(dst, "event: "...)
		dst = append(dst, name...)
		dst = append(dst, '\n')
	}
	if hasID {
		dst = append(dst, "id: "...)
		dst = append(dst, id...)
		dst = append(dst, '\n')
	}
	if len(retry) > 0 {
		dst = append(dst, "retry: "...)
		dst = append(dst, retry...)
		dst = append(dst, '\n')
	}
	for {
		line, rest, more := cutLine(data)
		dst = append(dst, "data: "...)
		dst = append(dst, line...)
		dst = append(dst, '\n')
		if !more {
			break
		}
		data = rest
	}
	return append(dst, '\n')
}

// cutLine splits at the first CRLF, CR or LF.
func cutLine(b []byte) (line, rest []byte, found bool) {
	i := bytes.IndexAny(b, "\r\n")
	if i < 0 {
		return b, nil, false
	}
	if b[i] == '\r' && i+1 < len(b) && b[i+1] == '\n' {
		return b[:i], b[i+2:], true
	}
	return b[:i], b[i+1:], true
}
