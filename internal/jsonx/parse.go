package jsonx

import (
	"bytes"
)

// parser is a recursive-descent reader of RFC 8259 JSON, as strict as
// encoding/json (which is the reference its fuzz test compares with).
type parser struct {
	d *Doc
	b []byte
}

func (p *parser) fail(off int, err error, msg string) error {
	return &SyntaxError{Offset: off, Msg: msg, Err: err}
}

func (p *parser) ws(i int) int {
	for i < len(p.b) {
		switch p.b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

func (p *parser) add(k Kind, start int) V {
	p.d.nodes = append(p.d.nodes, node{kind: k, start: start, kstart: -1, first: None, next: None})
	return V(len(p.d.nodes) - 1)
}

// value parses the value at b[i] (not whitespace) and returns its node
// and end.
func (p *parser) value(i, depth int) (V, int, error) {
	if i >= len(p.b) {
		return None, i, p.fail(i, ErrSyntax, "unexpected end of input (want a value)")
	}
	switch c := p.b[i]; {
	case c == '{':
		return p.object(i, depth+1)
	case c == '[':
		return p.array(i, depth+1)
	case c == '"':
		end, err := p.str(i)
		if err != nil {
			return None, 0, err
		}
		v := p.add(String, i)
		p.d.nodes[v].end = end
		return v, end, nil
	case c == '-' || ('0' <= c && c <= '9'):
		end, err := p.number(i)
		if err != nil {
			return None, 0, err
		}
		v := p.add(Number, i)
		p.d.nodes[v].end = end
		return v, end, nil
	case c == 't':
		return p.literal(i, "true", Bool)
	case c == 'f':
		return p.literal(i, "false", Bool)
	case c == 'n':
		return p.literal(i, "null", Null)
	}
	return None, 0, p.fail(i, ErrSyntax, "unexpected character (want a value)")
}

func (p *parser) literal(i int, lit string, k Kind) (V, int, error) {
	if !bytes.HasPrefix(p.b[i:], []byte(lit)) {
		return None, 0, p.fail(i, ErrSyntax, "invalid literal (want "+lit+")")
	}
	v := p.add(k, i)
	p.d.nodes[v].end = i + len(lit)
	return v, i + len(lit), nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func (p *parser) number(i int) (int, error) {
	start := i
	b := p.b
	if b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	default:
		return 0, p.fail(i, ErrSyntax, "invalid number (want a digit)")
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || !isDigit(b[i]) {
			return 0, p.fail(i, ErrSyntax, "invalid number (want a digit after the decimal point)")
		}
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || !isDigit(b[i]) {
			return 0, p.fail(i, ErrSyntax, "invalid number (want a digit in the exponent)")
		}
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	}
	_ = start
	return i, nil
}

func isHex(c byte) bool {
	return isDigit(c) || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

// str checks the string token at b[i] == '"' and returns its end.
func (p *parser) str(i int) (int, error) {
	b := p.b
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case c == '"':
			return j + 1, nil
		case c == '\\':
			if j+1 >= len(b) {
				return 0, p.fail(j, ErrSyntax, "unterminated string")
			}
			switch b[j+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				j++
			case 'u':
				if j+5 >= len(b) || !isHex(b[j+2]) || !isHex(b[j+3]) || !isHex(b[j+4]) || !isHex(b[j+5]) {
					return 0, p.fail(j, ErrSyntax, `invalid \u escape in string`)
				}
				j += 5
			default:
				return 0, p.fail(j, ErrSyntax, "invalid escape in string")
			}
		case c < 0x20:
			return 0, p.fail(j, ErrSyntax, "control character in string (must be escaped)")
		}
	}
	return 0, p.fail(len(b), ErrSyntax, "unterminated string")
}

func (p *parser) object(i, depth int) (V, int, error) {
	if depth > MaxDepth {
		return None, 0, p.fail(i, ErrTooDeep, "too deep")
	}
	v := p.add(Object, i)
	base := len(p.d.keys)
	kbase := len(p.d.kbuf)
	defer func() { p.d.keys = p.d.keys[:base]; p.d.kbuf = p.d.kbuf[:kbase] }()
	var set map[string]struct{}
	last := None
	i = p.ws(i + 1)
	if i < len(p.b) && p.b[i] == '}' {
		p.d.nodes[v].end = i + 1
		return v, i + 1, nil
	}
	for {
		if i >= len(p.b) || p.b[i] != '"' {
			return None, 0, p.fail(i, ErrSyntax, "want a member name (a string)")
		}
		kstart := i
		kend, err := p.str(i)
		if err != nil {
			return None, 0, err
		}
		if err := p.checkKey(kstart, p.b[kstart+1:kend-1], base, &set); err != nil {
			return None, 0, err
		}
		i = p.ws(kend)
		if i >= len(p.b) || p.b[i] != ':' {
			return None, 0, p.fail(i, ErrSyntax, "want ':' after a member name")
		}
		i = p.ws(i + 1)
		c, end, err := p.value(i, depth)
		if err != nil {
			return None, 0, err
		}
		p.d.nodes[c].kstart, p.d.nodes[c].kend = kstart, kend
		p.link(v, last, c)
		last = c
		i = p.ws(end)
		if i >= len(p.b) {
			return None, 0, p.fail(i, ErrSyntax, "unexpected end of input in object")
		}
		switch p.b[i] {
		case ',':
			i = p.ws(i + 1)
		case '}':
			p.d.nodes[v].end = i + 1
			return v, i + 1, nil
		default:
			return None, 0, p.fail(i, ErrSyntax, "want ',' or '}' in object")
		}
	}
}

// smallObject is how many members are compared pairwise before a
// duplicate check switches to a set.
const smallObject = 16

// checkKey refuses a member name equal (or equal under case folding) to
// one already seen in this object, whose names are keys[base:]. Small
// objects compare pairwise; larger ones keep a set of folded names.
func (p *parser) checkKey(off int, in []byte, base int, set *map[string]struct{}) error {
	key := in
	if !plain(in) {
		n := len(p.d.kbuf)
		p.d.kbuf = appendUnquote(p.d.kbuf, in)
		key = p.d.kbuf[n:len(p.d.kbuf):len(p.d.kbuf)]
	}
	seen := p.d.keys[base:]
	if len(seen) < smallObject {
		for _, k := range seen {
			if bytes.EqualFold(k, key) {
				return p.fail(off, ErrDuplicateKey, "a member name repeats (names are compared case-insensitively)")
			}
		}
		p.d.keys = append(p.d.keys, key)
		return nil
	}
	if *set == nil {
		*set = make(map[string]struct{}, 2*len(seen))
		for _, k := range seen {
			(*set)[string(foldKey(nil, k))] = struct{}{}
		}
	}
	var buf [64]byte
	f := foldKey(buf[:0], key)
	if _, dup := (*set)[string(f)]; dup {
		return p.fail(off, ErrDuplicateKey, "a member name repeats (names are compared case-insensitively)")
	}
	(*set)[string(f)] = struct{}{}
	p.d.keys = append(p.d.keys, key)
	return nil
}

func (p *parser) link(parent, last, c V) {
	if last < 0 {
		p.d.nodes[parent].first = c
	} else {
		p.d.nodes[last].next = c
	}
	p.d.nodes[parent].n++
}

func (p *parser) array(i, depth int) (V, int, error) {
	if depth > MaxDepth {
		return None, 0, p.fail(i, ErrTooDeep, "too deep")
	}
	v := p.add(Array, i)
	last := None
	i = p.ws(i + 1)
	if i < len(p.b) && p.b[i] == ']' {
		p.d.nodes[v].end = i + 1
		return v, i + 1, nil
	}
	for {
		c, end, err := p.value(i, depth)
		if err != nil {
			return None, 0, err
		}
		p.link(v, last, c)
		last = c
		i = p.ws(end)
		if i >= len(p.b) {
			return None, 0, p.fail(i, ErrSyntax, "unexpected end of input in array")
		}
		switch p.b[i] {
		case ',':
			i = p.ws(i + 1)
		case ']':
			p.d.nodes[v].end = i + 1
			return v, i + 1, nil
		default:
			return None, 0, p.fail(i, ErrSyntax, "want ',' or ']' in array")
		}
	}
}
