// Command train rebuilds sluice's NER model (models/ner.onnx) from the
// training program in models/train and prints its evaluation.
//
//	go run ./models/cmd/train                 # rebuild models/ner.onnx
//	go run ./models/cmd/train -check          # rebuild in memory, compare sha256 with the file
//	go run ./models/cmd/train -eval-only      # evaluate the committed file
package main

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/sluice-dlp/sluice/models"
	"github.com/sluice-dlp/sluice/models/train"
)

func main() {
	out := flag.String("out", "models/ner.onnx", "model file to write (or compare with -check)")
	check := flag.Bool("check", false, "rebuild and compare with -out instead of writing it")
	evalOnly := flag.Bool("eval-only", false, "evaluate -out without training")
	handwritten := flag.String("handwritten", "models/testdata/handwritten.txt", "hand-written evaluation set")
	flag.StringVar(&unseen, "unseen", "models/testdata/heldback2.txt,models/testdata/heldback.txt,models/testdata/handwritten_unseen.txt", "held-back hand-written sets (comma-separated), scored but never listed by -errors")
	flag.BoolVar(&showErrors, "errors", false, "list the hand-written set's misses and false alarms")
	cfg := &train.DefaultConfig
	flag.IntVar(&cfg.Sentences, "sentences", cfg.Sentences, "experiment: training sentences (the committed model uses the default)")
	flag.IntVar(&cfg.Epochs, "epochs", cfg.Epochs, "experiment: epochs")
	flag.IntVar(&cfg.D, "d", cfg.D, "experiment: embedding size")
	flag.IntVar(&cfg.H, "h", cfg.H, "experiment: hidden size")
	flag.Float64Var(&cfg.WordDrop, "word-drop", cfg.WordDrop, "experiment: word dropout")
	flag.Float64Var(&cfg.FeatDrop, "feat-drop", cfg.FeatDrop, "experiment: feature dropout")
	flag.Float64Var(&train.MoreRate, "more", train.MoreRate, "experiment: share of texts from the wider templates")
	flag.Float64Var(&train.BenchRate, "bench", train.BenchRate, "experiment: share of texts from the benchmark-style templates")
	lower := flag.Float64("lower", float64(models.LowerBelow), "experiment: decode lower-case words with P(O) below this as names")
	flag.Parse()
	models.LowerBelow = float32(*lower)
	if err := run(*out, *check, *evalOnly, *handwritten); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

var (
	showErrors bool
	unseen     string
)

func readMarked(path string) ([]models.Labelled, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return models.ParseMarked(f)
}

func run(out string, check, evalOnly bool, handwritten string) error {
	var b []byte
	var err error
	if evalOnly {
		b, err = os.ReadFile(out)
	} else {
		b, _, err = train.Build(train.DefaultConfig, os.Stderr)
	}
	if err != nil {
		return err
	}
	sum := sha256.Sum256(b)
	fmt.Printf("model: %d bytes, sha256 %x\n", len(b), sum)
	switch {
	case check:
		old, err := os.ReadFile(out)
		if err != nil {
			return err
		}
		if !bytes.Equal(old, b) {
			return fmt.Errorf("rebuild differs from %s (sha256 %x)", out, sha256.Sum256(old))
		}
		fmt.Printf("rebuild matches %s bit for bit\n", out)
	case !evalOnly:
		if err := os.WriteFile(out, b, 0o644); err != nil {
			return err
		}
		fmt.Printf("wrote %s\n", out)
	}
	net, _, err := models.UnmarshalONNX(b)
	if err != nil {
		return err
	}
	known := train.LoadLists().Contains
	held := train.HeldOut()
	fmt.Printf("\nheld-out generated split (%d texts, seed %d):\n%s", len(held), train.HeldOutSeed, models.FormatScores(models.Score(held, train.Predictor(net))))
	for _, path := range strings.Split(unseen, ",") {
		if path == "" {
			continue
		}
		hw, err := readMarked(path)
		if err != nil {
			return err
		}
		fmt.Printf("\n%s (%d texts):\n%s", path, len(hw), models.FormatScores(models.Score(hw, train.Predictor(net))))
		in, all := 0, 0
		for _, s := range hw {
			for _, sp := range s.Spans {
				all++
				if known(s.Text[sp.Start:sp.End]) {
					in++
				}
			}
		}
		fmt.Printf("(%d of %d marked entities are whole entries of the training lists)\n", in, all)
		if err := printSections(path, hw, train.Predictor(net)); err != nil {
			return err
		}
	}
	hw, err := readMarked(handwritten)
	if err != nil {
		return err
	}
	fmt.Printf("\n%s (%d texts):\n%s", handwritten, len(hw), models.FormatScores(models.Score(hw, train.Predictor(net))))
	if showErrors {
		pred := train.Predictor(net)
		for _, g := range hw {
			got := map[models.Span]bool{}
			for _, s := range pred(g.Text) {
				got[models.Span{Type: s.Type, Start: s.Start, End: s.End}] = true
			}
			for _, s := range g.Spans {
				if !got[s] {
					fmt.Printf("line %d: missed %s %q\n", g.Line, s.Type, g.Text[s.Start:s.End])
				}
				delete(got, s)
			}
			for s := range got {
				fmt.Printf("line %d: false %s %q\n", g.Line, s.Type, g.Text[s.Start:s.End])
			}
		}
	}
	return nil
}

// printSections prints aggregate counts per "# --- name" section of a
// held-back file (texts, and true positives, false alarms and misses per
// type) — aggregates only, never the texts themselves.
func printSections(path string, hw []models.Labelled, pred func(string) []models.Span) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	section := map[int]string{} // line number -> section
	cur := ""
	for i, line := range strings.Split(string(raw), "\n") {
		if name, ok := strings.CutPrefix(line, "# --- "); ok {
			cur = name
		}
		section[i+1] = cur
	}
	if cur == "" {
		return nil
	}
	var order []string
	by := map[string][]models.Labelled{}
	for _, g := range hw {
		sec := section[g.Line]
		if by[sec] == nil {
			order = append(order, sec)
		}
		by[sec] = append(by[sec], g)
	}
	fmt.Println("| section | texts | PERSON tp/fp/fn | LOCATION tp/fp/fn | ORGANIZATION tp/fp/fn |\n|---|---|---|---|---|")
	for _, sec := range order {
		res := models.Score(by[sec], pred)
		fmt.Printf("| %s | %d |", sec, len(by[sec]))
		for _, typ := range models.Types {
			c := res[typ]
			fmt.Printf(" %d/%d/%d |", c.TP, c.FP, c.FN)
		}
		fmt.Println()
	}
	return nil
}
