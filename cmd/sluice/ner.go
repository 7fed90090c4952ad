package main

import (
	"fmt"

	"github.com/sluice-dlp/sluice/engine"
	"github.com/sluice-dlp/sluice/models"
)

// recognizerOptions wires the NER stage for policies that enable it. When
// this build or this machine cannot run the model, it fails with a message
// that says how to install ONNX Runtime: a policy that asks for NER never
// silently scans less.
func recognizerOptions(p *engine.Policy) ([]engine.Option, error) {
	if !p.NER.Enabled {
		return nil, nil
	}
	r, err := models.NewServing(p.NER)
	if err != nil {
		return nil, fmt.Errorf("ner is enabled: %w", err)
	}
	return []engine.Option{engine.WithRecognizer(r)}, nil
}
