// Package jsonx is sluice's one JSON layer: the parser, the string
// encoder and the field-path syntax that the proxy (transport/sseproxy),
// the HTTP API (transport/httpapi) and the NATS consumer
// (transport/natsbus) all use, so that every transport reads a document
// the same way.
//
// It accepts exactly the documents encoding/json accepts and decodes
// every string to the same text (invalid UTF-8 and lone surrogates become
// U+FFFD), with two documented refusals that make it stricter:
//
//   - An object with two members whose names are equal, or equal under
//     the case folding encoding/json uses to match names to struct fields
//     (bytes.EqualFold: "content" and "Content", "ſ" and "s"), is refused
//     with ErrDuplicateKey. Readers disagree on which of two such members
//     counts (Python keeps the last, Go the last case-insensitive match,
//     some the first), so a text could hide in the one a scanner would
//     not look at.
//   - Nesting deeper than MaxDepth is refused (encoding/json allows
//     10000).
//
// A Doc keeps the source bytes: a rewrite replaces the bytes of the
// values it changes and leaves everything else, whitespace included,
// exactly as it came. Error messages name a byte offset and the problem,
// never the input's bytes, so they are safe to log and to return.
package jsonx

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"unicode"
	"unicode/utf8"
)

// MaxDepth bounds how deeply arrays and objects may nest.
const MaxDepth = 512

// Kind is the type of a JSON value.
type Kind uint8

// The kinds of JSON values.
const (
	Invalid Kind = iota
	Null
	Bool
	Number
	String
	Object
	Array
)

func (k Kind) String() string {
	return [...]string{"invalid", "null", "boolean", "number", "string", "object", "array"}[k]
}

var (
	// ErrSyntax: the input is not JSON (see the wrapping *SyntaxError for
	// where).
	ErrSyntax = errors.New("malformed JSON")
	// ErrDuplicateKey: an object has two members with the same name, or
	// names equal under case folding.
	ErrDuplicateKey = errors.New("duplicate member name in JSON object")
	// ErrTooDeep: nesting deeper than MaxDepth.
	ErrTooDeep = fmt.Errorf("JSON nested deeper than %d levels", MaxDepth)
)

// SyntaxError says where a document stops being acceptable. Its message
// never quotes the input.
type SyntaxError struct {
	Offset int // byte offset of the problem
	Msg    string
	Err    error // ErrSyntax, ErrDuplicateKey or ErrTooDeep
}

func (e *SyntaxError) Error() string {
	return e.Err.Error() + " at byte offset " + strconv.Itoa(e.Offset) + ": " + e.Msg
}

func (e *SyntaxError) Unwrap() error { return e.Err }

// V is a handle to a value in a Doc. None means "no value".
type V int32

// None is the V of a value that is not there.
const None V = -1

type node struct {
	kind         Kind
	start, end   int // the value's bytes
	kstart, kend int // its member name token (quotes included), when in an object; kstart < 0 otherwise
	first, next  V   // first child, next sibling
	n            int // number of children
}

type edit struct {
	start, end int
	raw        []byte
}

// Doc is a parsed JSON document. A zero Doc is ready for Parse; a Doc
// may be reused (Parse resets it) to parse without allocating. A Doc is
// not safe for concurrent use.
type Doc struct {
	src   []byte
	nodes []node
	edits []edit
	keys  [][]byte // decoded member names of the objects being parsed
	kbuf  []byte   // backing store of decoded names with escapes
}

// Parse parses one document (surrounding whitespace allowed). src must
// not change while the Doc is in use.
func Parse(src []byte) (*Doc, error) {
	d := &Doc{}
	if err := d.Parse(src); err != nil {
		return nil, err
	}
	return d, nil
}

// Valid reports whether src is one JSON document that jsonx accepts
// (no duplicate members, nesting within MaxDepth); the error says why
// not.
func Valid(src []byte) error {
	d := validDocs.Get().(*Doc)
	err := d.Parse(src)
	d.src = nil
	if cap(d.nodes) <= maxPooledNodes {
		validDocs.Put(d)
	}
	return err
}

// validDocs lets Valid run without allocating; a Doc that grew past
// maxPooledNodes (one huge document) is left to the collector.
var validDocs = sync.Pool{New: func() any { return new(Doc) }}

const maxPooledNodes = 1 << 16

// Parse resets d and parses src into it.
func (d *Doc) Parse(src []byte) error {
	d.src = src
	d.nodes = d.nodes[:0]
	d.edits = d.edits[:0]
	d.keys = d.keys[:0]
	d.kbuf = d.kbuf[:0]
	p := parser{d: d, b: src}
	i := p.ws(0)
	if i == len(src) {
		return p.fail(i, ErrSyntax, "empty input (want a JSON value)")
	}
	v, i, err := p.value(i, 0)
	if err != nil {
		d.nodes = d.nodes[:0]
		return err
	}
	_ = v
	if i = p.ws(i); i != len(src) {
		d.nodes = d.nodes[:0]
		return p.fail(i, ErrSyntax, "unexpected data after the JSON value")
	}
	return nil
}

// Root is the document's top-level value.
func (d *Doc) Root() V {
	if len(d.nodes) == 0 {
		return None
	}
	return 0
}

// Src is the parsed source.
func (d *Doc) Src() []byte { return d.src }

// Kind is v's kind (Invalid for None).
func (d *Doc) Kind(v V) Kind {
	if v < 0 {
		return Invalid
	}
	return d.nodes[v].kind
}

// Raw is v's source bytes.
func (d *Doc) Raw(v V) []byte {
	n := &d.nodes[v]
	return d.src[n.start:n.end]
}

// Offset is the byte offset where v starts.
func (d *Doc) Offset(v V) int { return d.nodes[v].start }

// Len is the number of members or elements of an object or array.
func (d *Doc) Len(v V) int {
	if v < 0 {
		return 0
	}
	return d.nodes[v].n
}

// First is the first member or element of an object or array (None when
// empty or not a container). With Next it iterates children:
//
//	for c := d.First(v); c != jsonx.None; c = d.Next(c) { ... }
func (d *Doc) First(v V) V {
	if v < 0 {
		return None
	}
	return d.nodes[v].first
}

// Next is the next sibling of a member or element.
func (d *Doc) Next(v V) V { return d.nodes[v].next }

// KeyRaw is the member name token (quotes included) of an object
// member, nil for an array element or the root.
func (d *Doc) KeyRaw(v V) []byte {
	n := &d.nodes[v]
	if n.kstart < 0 {
		return nil
	}
	return d.src[n.kstart:n.kend]
}

// Key is the decoded member name of an object member ("" for others).
func (d *Doc) Key(v V) string {
	raw := d.KeyRaw(v)
	if raw == nil {
		return ""
	}
	if in := raw[1 : len(raw)-1]; plain(in) {
		return string(in)
	}
	return string(appendUnquote(nil, raw[1:len(raw)-1]))
}

// HasMember reports whether any object in the document has a member
// named key under case folding (see Member), without allocating.
func (d *Doc) HasMember(key string) bool {
	var buf [64]byte
	for i := range d.nodes {
		n := &d.nodes[i]
		if n.kstart < 0 {
			continue
		}
		in := d.src[n.kstart+1 : n.kend-1]
		if !plain(in) {
			in = appendUnquote(buf[:0], in)
		}
		if bytes.EqualFold(in, []byte(key)) {
			return true
		}
	}
	return false
}

// KeyIs reports whether v is an object member named exactly key.
func (d *Doc) KeyIs(v V, key string) bool {
	raw := d.KeyRaw(v)
	if raw == nil {
		return false
	}
	in := raw[1 : len(raw)-1]
	if bytes.IndexByte(in, '\\') < 0 {
		return string(in) == key
	}
	var buf [64]byte
	return string(appendUnquote(buf[:0], in)) == key
}

// Get is the member of object v named exactly key (None when v is not an
// object or has no such member; member names are unique by Parse).
func (d *Doc) Get(v V, key string) V {
	if d.Kind(v) != Object {
		return None
	}
	for c := d.nodes[v].first; c >= 0; c = d.nodes[c].next {
		if d.KeyIs(c, key) {
			return c
		}
	}
	return None
}

// Member is the member of object v whose name equals key under case
// folding, as encoding/json matches names: "Content" for "content". Parse
// refused objects with two such names, so there is at most one. Readers
// that must see what every client sees (Python's exact match, Go's
// case-insensitive one) look members up with Member.
func (d *Doc) Member(v V, key string) V {
	if d.Kind(v) != Object {
		return None
	}
	var buf [64]byte
	for c := d.nodes[v].first; c >= 0; c = d.nodes[c].next {
		raw := d.KeyRaw(c)
		in := raw[1 : len(raw)-1]
		if !plain(in) {
			in = appendUnquote(buf[:0], in)
		}
		if bytes.EqualFold(in, []byte(key)) {
			return c
		}
	}
	return None
}

// Path follows member names from v: d.Path(root, "choices") etc. Any
// missing step gives None.
func (d *Doc) Path(v V, keys ...string) V {
	for _, k := range keys {
		v = d.Get(v, k)
	}
	return v
}

// Index is element i of array v (None when out of range).
func (d *Doc) Index(v V, i int) V {
	if d.Kind(v) != Array {
		return None
	}
	for c := d.nodes[v].first; c >= 0; c = d.nodes[c].next {
		if i == 0 {
			return c
		}
		i--
	}
	return None
}

// AppendStr appends the decoded text of string v to dst.
func (d *Doc) AppendStr(dst []byte, v V) []byte {
	raw := d.Raw(v)
	return appendUnquote(dst, raw[1:len(raw)-1])
}

// Str is the decoded text of v when it is a string.
func (d *Doc) Str(v V) (string, bool) {
	if d.Kind(v) != String {
		return "", false
	}
	raw := d.Raw(v)
	in := raw[1 : len(raw)-1]
	if plain(in) {
		return string(in), true
	}
	return string(appendUnquote(nil, in)), true
}

// StrIs reports whether v is a string whose text is exactly s.
func (d *Doc) StrIs(v V, s string) bool {
	if d.Kind(v) != String {
		return false
	}
	raw := d.Raw(v)
	in := raw[1 : len(raw)-1]
	if plain(in) {
		return string(in) == s
	}
	return string(appendUnquote(nil, in)) == s
}

// Int is v's value when it is a number written as an integer (no
// fraction, no exponent) that fits an int.
func (d *Doc) Int(v V) (int, bool) {
	if d.Kind(v) != Number {
		return 0, false
	}
	n, err := strconv.Atoi(string(d.Raw(v)))
	return n, err == nil
}

// IsNull reports whether v is the literal null.
func (d *Doc) IsNull(v V) bool { return d.Kind(v) == Null }

// Replace makes the rewritten document carry raw (which must be one JSON
// value) in place of v. A later Replace of the same value wins; a
// Replace inside a replaced value is ignored.
func (d *Doc) Replace(v V, raw []byte) {
	n := &d.nodes[v]
	for i := range d.edits {
		if d.edits[i].start == n.start && d.edits[i].end == n.end {
			d.edits[i].raw = raw
			return
		}
	}
	d.edits = append(d.edits, edit{n.start, n.end, raw})
}

// SetString replaces v with the JSON string of s.
func (d *Doc) SetString(v V, s string) { d.Replace(v, AppendString(nil, s)) }

// Changed reports whether any Replace happened since Parse.
func (d *Doc) Changed() bool { return len(d.edits) > 0 }

// AppendTo appends the document, with every replacement made, to dst.
// The bytes of everything not replaced are the source's.
func (d *Doc) AppendTo(dst []byte) []byte {
	return d.appendRange(dst, 0, len(d.src))
}

// AppendValue appends value v as rewritten (its replacements made).
func (d *Doc) AppendValue(dst []byte, v V) []byte {
	n := &d.nodes[v]
	return d.appendRange(dst, n.start, n.end)
}

func (d *Doc) appendRange(dst []byte, start, end int) []byte {
	if len(d.edits) > 1 {
		slices.SortFunc(d.edits, func(a, b edit) int {
			if a.start != b.start {
				return a.start - b.start
			}
			return b.end - a.end // the outer one first
		})
	}
	last := start
	for _, e := range d.edits {
		if e.start < last || e.start < start || e.end > end {
			continue // inside a replaced value, or outside the range
		}
		dst = append(dst, d.src[last:e.start]...)
		dst = append(dst, e.raw...)
		last = e.end
	}
	return append(dst, d.src[last:end]...)
}

// Bytes is the rewritten document (the source itself when unchanged).
func (d *Doc) Bytes() []byte {
	if len(d.edits) == 0 {
		return d.src
	}
	return d.AppendTo(make([]byte, 0, len(d.src)+64))
}

// plain reports whether the inside of a string token is its own text:
// no escapes and valid UTF-8.
func plain(in []byte) bool {
	return bytes.IndexByte(in, '\\') < 0 && utf8.Valid(in)
}

// foldKey appends the case-folded form of a member name: two names fold
// to the same bytes exactly when bytes.EqualFold says they are equal,
// which is how encoding/json matches names to struct fields.
func foldKey(dst, in []byte) []byte {
	for i := 0; i < len(in); {
		c := in[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(in[i:])
		for {
			r2 := unicode.SimpleFold(r)
			if r2 <= r {
				r = r2
				break
			}
			r = r2
		}
		dst = utf8.AppendRune(dst, r)
		i += n
	}
	return dst
}
