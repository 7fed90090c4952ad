package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/sluice-dlp/sluice/engine"
	"github.com/sluice-dlp/sluice/models"
)

// TestRecognizerOptions: NER off adds nothing; NER on either serves the
// model (onnx build with the runtime installed) or fails with the install
// instructions — never a silent patterns-only scanner.
func TestRecognizerOptions(t *testing.T) {
	p := engine.DefaultPolicy()
	if opts, err := recognizerOptions(p); err != nil || len(opts) != 0 {
		t.Fatalf("disabled: %v %v", opts, err)
	}
	p.NER.Enabled = true
	opts, err := recognizerOptions(p)
	if !models.ORTAvailable {
		if !errors.Is(err, models.ErrRuntime) || !strings.Contains(err.Error(), "install-onnxruntime.sh") {
			t.Fatalf("err = %v", err)
		}
		return
	}
	if _, lerr := models.LibraryPath(); lerr != nil {
		if !errors.Is(err, models.ErrRuntime) {
			t.Fatalf("no library: err = %v", err)
		}
		return
	}
	if err != nil || len(opts) != 1 {
		t.Fatalf("onnx build: %v %v", opts, err)
	}
}
