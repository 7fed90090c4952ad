package httpapi

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/sluice-dlp/sluice/engine"
)

// Presidio-compatible endpoints. Offsets in Presidio are Python string
// indexes (Unicode code points), not bytes; these handlers convert.

type analyzeRequest struct {
	Text                  *string         `json:"text"`
	Language              string          `json:"language"`
	Entities              []string        `json:"entities"`
	ScoreThreshold        *float64        `json:"score_threshold"`
	ReturnDecisionProcess bool            `json:"return_decision_process"`
	CorrelationID         string          `json:"correlation_id"`
	Context               []string        `json:"context"`
	AllowList             []string        `json:"allow_list"`
	AllowListMatch        string          `json:"allow_list_match"`
	RegexFlags            *int            `json:"regex_flags"`
	AdHocRecognizers      json.RawMessage `json:"ad_hoc_recognizers"`
}

type explanation struct {
	Recognizer              string  `json:"recognizer"`
	PatternName             string  `json:"pattern_name"`
	Pattern                 *string `json:"pattern"`
	OriginalScore           float64 `json:"original_score"`
	Score                   float64 `json:"score"`
	TextualExplanation      string  `json:"textual_explanation"`
	ScoreContextImprovement float64 `json:"score_context_improvement"`
	SupportiveContextWord   string  `json:"supportive_context_word"`
	ValidationResult        *bool   `json:"validation_result"`
	RegexFlags              *int    `json:"regex_flags"`
}

type recognitionMetadata struct {
	RecognizerName       string `json:"recognizer_name"`
	RecognizerIdentifier string `json:"recognizer_identifier"`
}

type recognizerResult struct {
	EntityType          string              `json:"entity_type"`
	Start               int                 `json:"start"`
	End                 int                 `json:"end"`
	Score               float64             `json:"score"`
	AnalysisExplanation *explanation        `json:"analysis_explanation"`
	RecognitionMetadata recognitionMetadata `json:"recognition_metadata"`
}

// runeIndex converts byte offsets of text to code point offsets.
type runeIndex struct {
	text  []byte
	ascii bool
}

func newRuneIndex(text []byte) runeIndex {
	ascii := true
	for _, c := range text {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	return runeIndex{text: text, ascii: ascii}
}

func (ri runeIndex) runeOffset(byteOff int) int {
	if ri.ascii {
		return byteOff
	}
	return utf8.RuneCount(ri.text[:byteOff])
}

// byteOffsets maps code point offsets 0..n to byte offsets.
func (ri runeIndex) byteOffsets() []int {
	offs := make([]int, 0, len(ri.text)+1)
	for i := range string(ri.text) {
		offs = append(offs, i)
	}
	return append(offs, len(ri.text))
}

func (s *Server) handleAnalyze(w http.ResponseWriter, r *http.Request, rq *request) {
	if _, ok := s.kindOf(w, r, rq, false); !ok {
		return
	}
	data, ok := s.readBody(w, r, rq, s.cfg.MaxBodyBytes)
	if !ok {
		return
	}
	var req analyzeRequest
	if err := decodeJSON(data, &req, false); err != nil {
		s.reject(w, r, rq, http.StatusBadRequest, "bad_json", err.Error())
		return
	}
	switch {
	case req.Text == nil:
		s.reject(w, r, rq, http.StatusBadRequest, "bad_request", `missing field "text"`)
		return
	case len(req.AdHocRecognizers) > 0 && string(req.AdHocRecognizers) != "null" && string(req.AdHocRecognizers) != "[]":
		s.reject(w, r, rq, http.StatusBadRequest, "bad_request", "ad_hoc_recognizers are not supported; add rules to the sluice policy instead")
		return
	case req.AllowListMatch != "" && req.AllowListMatch != "exact":
		s.reject(w, r, rq, http.StatusBadRequest, "bad_request", `allow_list_match supports only "exact"`)
		return
	}
	threshold := 0.0
	if req.ScoreThreshold != nil {
		threshold = *req.ScoreThreshold
	}
	text := []byte(*req.Text)
	// Presidio returns every result down to score_threshold (default 0),
	// also those below the policy's own threshold: scan with the same
	// policy compiled at threshold 0.
	as, err := s.analysisScanner(rq.bind.scanner)
	if err != nil {
		s.failClosed(w, r, rq, err)
		return
	}
	orig := rq.bind
	ab := *orig
	ab.scanner = as
	rq.bind = &ab
	// Each entity type's findings are resolved apart: spans of different
	// types may overlap, as in Presidio's results.
	res, err := s.runWith(r, rq, text, (*engine.Scanner).Analyze)
	rq.bind = orig
	if err != nil {
		s.failClosed(w, r, rq, err)
		return
	}
	ri := newRuneIndex(text)
	out := make([]recognizerResult, 0, len(res.Findings))
	kept := res.Findings[:0]
	for _, f := range res.Findings {
		if f.Score < threshold || (len(req.Entities) > 0 && !slices.Contains(req.Entities, f.Type)) {
			continue
		}
		if len(req.AllowList) > 0 && slices.Contains(req.AllowList, string(text[f.Start:f.End])) {
			continue
		}
		kept = append(kept, f)
		rr := recognizerResult{
			EntityType: f.Type, Start: ri.runeOffset(f.Start), End: ri.runeOffset(f.End), Score: f.Score,
			RecognitionMetadata: recognitionMetadata{RecognizerName: f.Rule, RecognizerIdentifier: f.Rule},
		}
		if req.ReturnDecisionProcess {
			var valid *bool
			if f.Verified != "" {
				t := true
				valid = &t
			}
			rr.AnalysisExplanation = &explanation{
				Recognizer: f.Rule, PatternName: f.Rule, OriginalScore: f.Score, Score: f.Score,
				TextualExplanation: "Identified as " + f.Type + " by sluice rule " + f.Rule,
				ValidationResult:   valid,
			}
		}
		out = append(out, rr)
	}
	s.recordFindings(rq, rq.bind.scanner, text, kept, 0)
	s.writeJSON(w, r, rq, http.StatusOK, out)
}

// analysisScanners caches, per compiled policy, the same policy compiled
// at threshold 0 for /analyze. Scanners are replaced on reload; the cache
// forgets everything when it holds more than a few.
var analysisScanners struct {
	mu sync.Mutex
	m  map[*engine.Scanner]*engine.Scanner
}

func (s *Server) analysisScanner(sc *engine.Scanner) (*engine.Scanner, error) {
	p := sc.Policy()
	if p.Threshold != nil && *p.Threshold == 0 {
		return sc, nil
	}
	analysisScanners.mu.Lock()
	defer analysisScanners.mu.Unlock()
	if as, ok := analysisScanners.m[sc]; ok {
		return as, nil
	}
	cp := *p
	zero := 0.0
	cp.Threshold = &zero
	as, err := s.cfg.Compile(&cp)
	if err != nil {
		return nil, fmt.Errorf("analyze: policy %s at threshold 0: %w", p.ID, err)
	}
	if analysisScanners.m == nil || len(analysisScanners.m) >= 16 {
		analysisScanners.m = map[*engine.Scanner]*engine.Scanner{}
	}
	analysisScanners.m[sc] = as
	return as, nil
}

type operatorConfig struct {
	Type        string  `json:"type"`
	NewValue    *string `json:"new_value"`
	MaskingChar string  `json:"masking_char"`
	CharsToMask *int    `json:"chars_to_mask"`
	FromEnd     bool    `json:"from_end"`
	HashType    string  `json:"hash_type"`
	Key         string  `json:"key"`
}

type analyzerResultIn struct {
	Start      int     `json:"start"`
	End        int     `json:"end"`
	Score      float64 `json:"score"`
	EntityType string  `json:"entity_type"`
}

type anonymizeRequest struct {
	Text            *string                   `json:"text"`
	Anonymizers     map[string]operatorConfig `json:"anonymizers"`
	AnalyzerResults []analyzerResultIn        `json:"analyzer_results"`
}

type anonymizeItem struct {
	Start      int    `json:"start"`
	End        int    `json:"end"`
	EntityType string `json:"entity_type"`
	Text       string `json:"text"`
	Operator   string `json:"operator"`
}

type anonymizeResponse struct {
	Text  string          `json:"text"`
	Items []anonymizeItem `json:"items"`
}

// checkOperator validates one operator config; the message names the
// operator key only when it is one we know.
func checkOperator(key string, op operatorConfig) string {
	switch op.Type {
	case "replace", "redact", "keep":
		return ""
	case "mask":
		if op.CharsToMask == nil || *op.CharsToMask < 0 {
			return "mask operator needs chars_to_mask >= 0"
		}
		if utf8.RuneCountInString(op.MaskingChar) != 1 {
			return "mask operator needs masking_char of exactly one character"
		}
		return ""
	case "hash":
		switch op.HashType {
		case "", "sha256", "sha512":
			return ""
		}
		return "hash operator supports hash_type sha256 or sha512"
	case "encrypt", "decrypt", "custom":
		return op.Type + " operator is not supported by sluice (use replace, redact, mask, hash or keep)"
	}
	return "unknown operator type (use replace, redact, mask, hash or keep)"
}

func applyOperator(dst []byte, op operatorConfig, entity string, value []byte) []byte {
	switch op.Type {
	case "redact":
		return dst
	case "keep":
		return append(dst, value...)
	case "mask":
		n := utf8.RuneCount(value)
		k := min(*op.CharsToMask, n)
		from, to := 0, k
		if op.FromEnd {
			from, to = n-k, n
		}
		i := 0
		for _, r := range string(value) {
			if i >= from && i < to {
				dst = append(dst, op.MaskingChar...)
			} else {
				dst = utf8.AppendRune(dst, r)
			}
			i++
		}
		return dst
	case "hash":
		if op.HashType == "sha512" {
			sum := sha512.Sum512(value)
			return hex.AppendEncode(dst, sum[:])
		}
		sum := sha256.Sum256(value)
		return hex.AppendEncode(dst, sum[:])
	}
	if op.NewValue != nil {
		return append(dst, *op.NewValue...)
	}
	return append(append(append(dst, '<'), entity...), '>')
}

func (s *Server) handleAnonymize(w http.ResponseWriter, r *http.Request, rq *request) {
	if _, ok := s.kindOf(w, r, rq, false); !ok {
		return
	}
	data, ok := s.readBody(w, r, rq, s.cfg.MaxBodyBytes)
	if !ok {
		return
	}
	var req anonymizeRequest
	if err := decodeJSON(data, &req, false); err != nil {
		s.reject(w, r, rq, http.StatusBadRequest, "bad_json", err.Error())
		return
	}
	if req.Text == nil {
		s.reject(w, r, rq, http.StatusBadRequest, "bad_request", `missing field "text"`)
		return
	}
	for key, op := range req.Anonymizers {
		if msg := checkOperator(key, op); msg != "" {
			s.reject(w, r, rq, http.StatusBadRequest, "bad_request", "anonymizers: "+msg)
			return
		}
	}
	text := []byte(*req.Text)
	offs := newRuneIndex(text).byteOffsets()
	nr := len(offs) - 1
	for i, ar := range req.AnalyzerResults {
		if ar.Start < 0 || ar.End > nr || ar.Start >= ar.End {
			s.reject(w, r, rq, http.StatusBadRequest, "bad_request", fmt.Sprintf("analyzer_results[%d]: span %d..%d is outside the text (length %d)", i, ar.Start, ar.End, nr))
			return
		}
	}
	keep := resolveAnalyzerResults(req.AnalyzerResults)

	known := map[string]bool{}
	for _, ru := range rq.bind.scanner.Rules() {
		known[ru.Type] = true
	}
	out := make([]byte, 0, len(text))
	items := make([]anonymizeItem, 0, len(keep))
	prev, outRunes := 0, 0
	for _, k := range keep {
		bs, be := offs[k.Start], offs[k.End]
		out = append(out, text[prev:bs]...)
		outRunes += runeCountTo(offs, prev, bs)
		op, ok := req.Anonymizers[k.EntityType]
		if !ok {
			op, ok = req.Anonymizers["DEFAULT"]
		}
		if !ok {
			op = operatorConfig{Type: "replace"}
		}
		if op.Type == "" {
			op.Type = "replace"
		}
		mark := len(out)
		out = applyOperator(out, op, k.EntityType, text[bs:be])
		n := utf8.RuneCount(out[mark:])
		items = append(items, anonymizeItem{Start: outRunes, End: outRunes + n, EntityType: k.EntityType, Text: string(out[mark:]), Operator: op.Type})
		outRunes += n
		prev = be
		// Audit: type names from the caller are logged only when the
		// policy knows them (they might be anything).
		typ := "OTHER"
		if known[k.EntityType] {
			typ = k.EntityType
		}
		rq.nfindings++
		if len(rq.audit) < maxAuditFindings {
			rq.audit = append(rq.audit, auditFinding{Rule: "analyzer_results", Type: typ, Start: bs, End: be,
				Fingerprint: rq.bind.scanner.Fingerprint(text[bs:be])})
		}
	}
	out = append(out, text[prev:]...)
	s.writeJSON(w, r, rq, http.StatusOK, anonymizeResponse{Text: string(out), Items: items})
}

// runeCountTo returns how many code points lie in bytes [from, to), given
// offs (byte offset of each code point); it only needs the difference of
// the code point indexes, found by binary search.
func runeCountTo(offs []int, from, to int) int {
	i, _ := slices.BinarySearch(offs, from)
	j, _ := slices.BinarySearch(offs, to)
	return j - i
}

func (s *Server) handleSupportedEntities(w http.ResponseWriter, r *http.Request, rq *request) {
	seen := map[string]bool{}
	var types []string
	for _, ru := range rq.bind.scanner.Rules() {
		if !seen[ru.Type] {
			seen[ru.Type] = true
			types = append(types, ru.Type)
		}
	}
	slices.Sort(types)
	s.writeJSON(w, r, rq, http.StatusOK, types)
}
