package engine

import (
	"encoding"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sluice-dlp/sluice/detectors"
	"go.yaml.in/yaml/v3"
)

// NERTypes are the entity types the NER stage (package models) reports.
// A policy may act on them only when it enables NER.
var NERTypes = []string{"PERSON", "LOCATION", "ORGANIZATION"}

var policyType = reflect.TypeFor[Policy]()

// walkError is a problem found while walking the YAML tree, at a line.
type walkError struct {
	line int
	msg  string
}

var (
	yamlUnmarshaler = reflect.TypeFor[yaml.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// walkPolicy checks a policy's YAML tree against the Go types it decodes
// into, before decoding: every key must be a field (an unknown one is
// reported in policy words with the nearest field name), every scalar of
// a named kind (trigger, validator) must be a known name, and {text,
// value} examples become «…»-marked strings. It records the line of each
// setting in lines, keyed by path ("rules[2].pattern", "actions.X") and,
// for list items, by path=value ("disable=email").
func walkPolicy(n *yaml.Node, t reflect.Type, path string, lines map[string]int) *walkError {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if path != "" {
		lines[path] = n.Line
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == yaml.SequenceNode {
		for _, c := range n.Content {
			if c.Kind == yaml.ScalarNode {
				lines[path+"="+c.Value] = c.Line
			}
		}
	}
	if reflect.PointerTo(t).Implements(yamlUnmarshaler) {
		return nil // the type checks itself
	}
	if reflect.PointerTo(t).Implements(textUnmarshaler) {
		if n.Kind != yaml.ScalarNode {
			return &walkError{n.Line, fmt.Sprintf("%s must be a name", fieldWord(path))}
		}
		v := reflect.New(t).Interface().(encoding.TextUnmarshaler)
		if err := v.UnmarshalText([]byte(n.Value)); err != nil {
			return &walkError{n.Line, err.Error()}
		}
		return nil
	}
	if want := kindWord(t); want != "" && !kindFits(n, t) {
		return &walkError{n.Line, fmt.Sprintf("%s: want %s, not %s", settingWord(path), want, nodeWord(n))}
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return nil
		}
		fields := yamlFields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			f, ok := fields[k.Value]
			if !ok {
				return &walkError{k.Line, unknownFieldMsg(k.Value, path, fields)}
			}
			sub := k.Value
			if path != "" {
				sub = path + "." + k.Value
			}
			if (k.Value == "tp" || k.Value == "fp") && t == reflect.TypeFor[detectors.Rule]() {
				if err := markExamples(v, k.Value); err != nil {
					return err
				}
			}
			if err := walkPolicy(v, f.Type, sub, lines); err != nil {
				return err
			}
		}
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return nil
		}
		for i, c := range n.Content {
			if err := walkPolicy(c, t.Elem(), fmt.Sprintf("%s[%d]", path, i), lines); err != nil {
				return err
			}
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			return nil
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			sub := path + "." + k.Value
			lines[sub] = k.Line
			if err := walkPolicy(v, t.Elem(), sub, lines); err != nil {
				return err
			}
			lines[sub] = k.Line
		}
	}
	return nil
}

var durationType = reflect.TypeFor[time.Duration]()

// kindWord says, in policy words, what a setting of type t is written as.
func kindWord(t reflect.Type) string {
	switch {
	case t == durationType:
		return "a duration such as 50ms"
	case t.Kind() == reflect.Struct, t.Kind() == reflect.Map:
		return "a mapping"
	case t.Kind() == reflect.Slice:
		return "a list"
	case t.Kind() == reflect.Float32, t.Kind() == reflect.Float64:
		return "a number"
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return "a whole number"
	case t.Kind() == reflect.Bool:
		return "true or false"
	case t.Kind() == reflect.String:
		return "a string"
	}
	return ""
}

// kindFits reports whether node n can be read as a value of type t.
func kindFits(n *yaml.Node, t reflect.Type) bool {
	switch {
	case n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null":
		return true // unset
	case t == durationType:
		_, err := time.ParseDuration(n.Value)
		return n.Kind == yaml.ScalarNode && err == nil
	case t.Kind() == reflect.Struct, t.Kind() == reflect.Map:
		return n.Kind == yaml.MappingNode
	case t.Kind() == reflect.Slice:
		return n.Kind == yaml.SequenceNode
	case n.Kind != yaml.ScalarNode:
		return false
	case t.Kind() == reflect.Float32, t.Kind() == reflect.Float64:
		return n.ShortTag() == "!!int" || n.ShortTag() == "!!float"
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return n.ShortTag() == "!!int"
	case t.Kind() == reflect.Bool:
		return n.ShortTag() == "!!bool"
	}
	return true
}

// nodeWord names what a YAML node holds, for errors.
func nodeWord(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	if n.ShortTag() == "!!null" {
		return "nothing"
	}
	return fmt.Sprintf("%q", n.Value)
}

// settingWord names the setting at path: "threshold", "rule field
// score", "ner.budget", "action for EMAIL_ADDRESS".
func settingWord(path string) string {
	if strings.HasPrefix(path, "rules[") {
		if i := strings.Index(path, "]."); i >= 0 {
			return "rule field " + path[i+2:]
		}
		return "rule"
	}
	if strings.HasPrefix(path, "actions.") {
		rest := strings.TrimPrefix(path, "actions.")
		if typ, field, ok := strings.Cut(rest, "."); ok {
			return "action for " + typ + ": " + field
		}
		return "action for " + rest
	}
	return path
}

// markExamples turns {text, value} examples into «…»-marked strings.
func markExamples(seq *yaml.Node, kind string) *walkError {
	if seq.Kind != yaml.SequenceNode {
		return &walkError{seq.Line, kind + " must be a list of examples"}
	}
	for _, c := range seq.Content {
		switch c.Kind {
		case yaml.ScalarNode:
			continue
		case yaml.MappingNode:
		default:
			return &walkError{c.Line, "an example is a string or {text, value}"}
		}
		var text, value string
		var haveText, haveValue bool
		for i := 0; i+1 < len(c.Content); i += 2 {
			k, v := c.Content[i], c.Content[i+1]
			switch k.Value {
			case "text":
				text, haveText = v.Value, true
			case "value":
				value, haveValue = v.Value, true
			default:
				fields := map[string]reflect.StructField{"text": {}, "value": {}}
				return &walkError{k.Line, unknownFieldMsg(k.Value, "example", fields)}
			}
		}
		if kind == "fp" {
			return &walkError{c.Line, "an fp example is plain text; {text, value} is for tp"}
		}
		if !haveText || !haveValue {
			return &walkError{c.Line, "a {text, value} example needs both text and value"}
		}
		marked, err := detectors.MarkExample(text, value)
		if err != nil {
			return &walkError{c.Line, err.Error()}
		}
		*c = yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: marked, Line: c.Line, Column: c.Column}
	}
	return nil
}

// yamlFields maps the YAML names of t's fields to the fields.
func yamlFields(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out[name] = f
	}
	return out
}

func unknownFieldMsg(key, path string, fields map[string]reflect.StructField) string {
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	slices.Sort(names)
	msg := fmt.Sprintf("unknown field %q in %s", key, fieldWord(path))
	if near := detectors.Nearest(key, names); near != "" {
		return msg + fmt.Sprintf(" (did you mean %s?)", near)
	}
	return msg + fmt.Sprintf(" (fields: %s)", strings.Join(names, ", "))
}

// fieldWord names the part of a policy at path, in policy words.
func fieldWord(path string) string {
	switch {
	case path == "":
		return "policy"
	case path == "example":
		return "example"
	case strings.HasPrefix(path, "rules["):
		if i := strings.Index(path, "]."); i >= 0 {
			return "rule field " + path[i+2:]
		}
		return "rule"
	case strings.HasPrefix(path, "actions."):
		return "action for " + strings.TrimPrefix(path, "actions.")
	}
	return path
}

var (
	// typeErrRe is built when a policy error needs it, not at every start.
	typeErrRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile("cannot unmarshal !!(\\w+)(?: `([^`]*)`)? into (\\S+)")
	})
	goWords = []struct{ re, word string }{
		{`^float(32|64)$`, "a number"},
		{`^u?int(8|16|32|64)?$`, "a whole number"},
		{`^bool$`, "true or false"},
		{`^string$`, "a string"},
		{`^time\.Duration$`, "a duration such as 50ms"},
		{`^\[\]`, "a list"},
		{`^map\[`, "a mapping"},
		{`\.`, "a mapping"},
	}
)

// policyWords rewrites the YAML decoder's Go type names ("cannot
// unmarshal !!str `x` into float64") into what a policy author wrote.
func policyWords(msg string) string {
	re := typeErrRe()
	return re.ReplaceAllStringFunc(msg, func(m string) string {
		sub := re.FindStringSubmatch(m)
		tag, val, goType := sub[1], sub[2], sub[3]
		want := "another kind of value"
		for _, w := range goWords {
			if regexp.MustCompile(w.re).MatchString(goType) {
				want = w.word
				break
			}
		}
		got := map[string]string{"seq": "a list", "map": "a mapping", "str": "a string", "int": "a number", "float": "a number", "bool": "true or false", "null": "nothing"}[tag]
		if val != "" {
			got = fmt.Sprintf("%q", val)
		}
		if got == "" {
			got = "this value"
		}
		return fmt.Sprintf("want %s, not %s", want, got)
	})
}

// checkNames checks the names a policy uses that depend on the rule
// catalogue: rule ids in builtin and disable, entity types (or rule ids)
// in actions, entity types in types. Each unknown one is an error at its line with the nearest name.
func (p *Policy) checkNames(builtin []detectors.Rule) error {
	if len(p.Builtin.IDs)+len(p.Disable)+len(p.Actions)+len(p.Types) == 0 {
		// Names nothing (the built-in policy): no need to index every
		// rule's id and type, which a fresh process would read for it.
		return nil
	}
	ids := map[string]bool{}
	types := map[string]bool{}
	var idList, typeList []string
	add := func(r detectors.Rule) {
		if !ids[r.ID] {
			ids[r.ID] = true
			idList = append(idList, r.ID)
		}
		if !types[r.Type] {
			types[r.Type] = true
			typeList = append(typeList, r.Type)
		}
	}
	for _, r := range builtin {
		add(r)
	}
	for _, r := range p.Rules {
		add(r)
	}
	ner := map[string]bool{}
	for _, t := range append(slices.Clone(NERTypes), p.NER.Types...) {
		ner[t] = true
	}
	if p.NER.Enabled {
		for t := range ner {
			if !types[t] {
				types[t] = true
				typeList = append(typeList, t)
			}
		}
	}
	fail := func(line int, err error) error {
		return &PolicyError{Source: p.Source, Line: line, Reason: err.Error()}
	}
	for _, id := range p.Builtin.IDs {
		if !ids[id] {
			known := append([]string{"pii", "secret"}, idList...)
			return fail(p.line("builtin="+id), fmt.Errorf("builtin: %w (see `sluice rules`)", &detectors.UnknownNameError{What: "rule id or category", Name: id, Known: known}))
		}
	}
	for _, id := range p.Disable {
		if !ids[id] {
			return fail(p.line("disable="+id), fmt.Errorf("disable: %w (see `sluice rules`)", &detectors.UnknownNameError{What: "rule id", Name: id, Known: idList}))
		}
	}
	checkType := func(line int, where, typ string) error {
		if types[typ] {
			return nil
		}
		if ner[typ] {
			return fail(line, fmt.Errorf("%s: %s is found only by the NER stage, which this policy does not enable (ner: {enabled: true})", where, typ))
		}
		return fail(line, fmt.Errorf("%s: %w", where, &detectors.UnknownNameError{What: "entity type", Name: typ, Known: typeList}))
	}
	for _, key := range sortedKeys(p.Actions) {
		if key == "default" || ids[key] || types[key] {
			continue
		}
		line := p.line("actions." + key)
		if ner[key] {
			if err := checkType(line, "actions", key); err != nil {
				return err
			}
		}
		known := append(slices.Clone(typeList), idList...)
		return fail(line, fmt.Errorf("actions: %w", &detectors.UnknownNameError{What: "entity type or rule id", Name: key, Known: known}))
	}
	for _, typ := range p.Types {
		if err := checkType(p.line("types="+typ), "types", typ); err != nil {
			return err
		}
	}
	return nil
}
