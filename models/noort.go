//go:build !onnx

package models

import "fmt"

// ORTAvailable reports whether this build can serve through ONNX Runtime.
const ORTAvailable = false

// NewServing fails: this build has no ONNX Runtime binding.
func NewServing(cfg NERPolicy) (*Recognizer, error) {
	return nil, fmt.Errorf("%w: this sluice was built without the onnx build tag; %s", ErrRuntime, InstallHint)
}
