package models

import (
	"strings"
	"testing"
)

// probsFor gives every token of text P(O) = 1 except the tokens listed in
// ent (token text → label index), which get 0.95 on that label.
func probsFor(text string, toks []Token, ent map[string]int) []float32 {
	p := make([]float32, len(toks)*NumLabels)
	for i, t := range toks {
		row := p[i*NumLabels : (i+1)*NumLabels]
		if l, ok := ent[text[t.Start:t.End]]; ok {
			row[l], row[0] = 0.95, 0.05
			continue
		}
		row[0] = 1
	}
	return p
}

// TestDecodeEdges: spans never start or end with spaces or punctuation,
// even when the model marks the punctuation as part of the entity, and
// sentence punctuation ends a span.
func TestDecodeEdges(t *testing.T) {
	const (
		bPer = 1
		iPer = 2
		bLoc = 3
		bOrg = 5
		iOrg = 6
	)
	for _, tc := range []struct {
		text string
		ent  map[string]int
		want []string // "TYPE:value"
	}{
		{"We flew to Paris!", map[string]int{"Paris": bLoc, "!": bLoc}, []string{"LOCATION:Paris"}},
		{"Will May visit Paris?", map[string]int{"May": bPer, "Paris": bLoc, "?": bLoc}, []string{"PERSON:May", "LOCATION:Paris"}},
		{"Ask (Maria Silva) today", map[string]int{"(": bPer, "Maria": bPer, "Silva": iPer, ")": iPer}, []string{"PERSON:Maria Silva"}},
		{"Paris, France", map[string]int{"Paris": bLoc, ",": bLoc, "France": bLoc}, []string{"LOCATION:Paris", "LOCATION:France"}},
		{"Thanks, Ana! Bo", map[string]int{"Ana": bPer, "!": iPer, "Bo": iPer}, []string{"PERSON:Ana", "PERSON:Bo"}},
		{"I work at Acme Inc.", map[string]int{"Acme": bOrg, "Inc": iOrg, ".": iOrg}, []string{"ORGANIZATION:Acme Inc."}},
		{"I met Alvir D. Pušaver.", map[string]int{"Alvir": bPer, "D": iPer, ".": iPer, "Pušaver": iPer}, []string{"PERSON:Alvir D. Pušaver"}},
		{"\"Lagos\"", map[string]int{"\"": bLoc, "Lagos": bLoc}, []string{"LOCATION:Lagos"}},
	} {
		toks := Tokenize([]byte(tc.text), nil)
		spans := Decode([]byte(tc.text), toks, probsFor(tc.text, toks, tc.ent), nil)
		var got []string
		for _, s := range spans {
			got = append(got, s.Type+":"+tc.text[s.Start:s.End])
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("Decode(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestDecodeWords: lower-case words end a span unless they are name
// particles, and an unsure capitalised word before a name joins it.
func TestDecodeWords(t *testing.T) {
	const bPer, iPer, bLoc, iLoc, bOrg = 1, 2, 3, 4, 5
	for _, tc := range []struct {
		text string
		ent  map[string]int
		soft map[string]float32 // token → P(O), the rest on B-PERSON
		want []string
	}{
		{"Giulia Bianchi left Ferrari", map[string]int{"Giulia": bPer, "Bianchi": iPer, "left": iPer, "Ferrari": bOrg}, nil, []string{"PERSON:Giulia Bianchi", "ORGANIZATION:Ferrari"}},
		{"Meet at Rue de Rivoli", map[string]int{"Rue": bLoc, "de": iLoc, "Rivoli": iLoc}, nil, []string{"LOCATION:Rue de Rivoli"}},
		{"Will Thompson will review", map[string]int{"Thompson": bPer}, map[string]float32{"Will": 0.65}, []string{"PERSON:Will Thompson"}},
		{"Will May visit", map[string]int{"May": bPer}, map[string]float32{"Will": 0.76}, []string{"PERSON:May"}},
		{"Could Wanjiru share it", map[string]int{"Wanjiru": bPer}, map[string]float32{"Could": 0.95}, []string{"PERSON:Wanjiru"}},
		// Lower-case names count only when the model is sure, and only
		// in a span of lower-case words.
		{"ask ravi about it", map[string]int{"ravi": bPer}, nil, []string{"PERSON:ravi"}},
		{"can li wei sign", map[string]int{"li": bPer, "wei": iPer}, nil, []string{"PERSON:li wei"}},
		{"lunch w/ Camila", map[string]int{"Camila": bPer}, map[string]float32{"lunch": 0.3}, []string{"PERSON:Camila"}},
		{"ask ravi Kumar", map[string]int{"ravi": bPer, "Kumar": iPer}, nil, []string{"PERSON:ravi", "PERSON:Kumar"}},
		{"SHIP TO GERMANY AND AUSTRIA", map[string]int{"GERMANY": bLoc, "AUSTRIA": bLoc}, map[string]float32{"AND": 0.6}, []string{"LOCATION:GERMANY", "LOCATION:AUSTRIA"}},
	} {
		toks := Tokenize([]byte(tc.text), nil)
		p := probsFor(tc.text, toks, tc.ent)
		for i, tk := range toks {
			if po, ok := tc.soft[tc.text[tk.Start:tk.End]]; ok {
				row := p[i*NumLabels : (i+1)*NumLabels]
				clear(row)
				row[0], row[bPer] = po, 1-po
			}
		}
		var got []string
		for _, s := range Decode([]byte(tc.text), toks, p, nil) {
			got = append(got, s.Type+":"+tc.text[s.Start:s.End])
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("Decode(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}
