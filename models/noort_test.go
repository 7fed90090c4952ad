//go:build !onnx

package models

import (
	"errors"
	"strings"
	"testing"

	"github.com/sluice-dlp/sluice/engine"
)

// Without the onnx tag, enabling NER fails and says how to fix it.
func TestNewServingWithoutTag(t *testing.T) {
	_, err := NewServing(engine.NERConfig{Enabled: true})
	if !errors.Is(err, ErrRuntime) || !strings.Contains(err.Error(), "-tags onnx") || !strings.Contains(err.Error(), "install-onnxruntime.sh") {
		t.Fatalf("err = %v", err)
	}
}
