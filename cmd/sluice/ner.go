package main

import (
	"errors"

	"github.com/sluice-dlp/sluice/engine"
)

// recognizerOptions wires the NER stage for policies that enable it.
func recognizerOptions(p *engine.Policy) ([]engine.Option, error) {
	if !p.NER.Enabled {
		return nil, nil
	}
	return nil, errors.New("ner is enabled but this build has no NER support")
}
