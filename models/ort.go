//go:build onnx

package models

import (
	"errors"
	"fmt"
	"sync"

	ort "github.com/yalue/onnxruntime_go"
)

// ORTAvailable reports whether this build can serve through ONNX Runtime.
const ORTAvailable = true

var (
	envOnce sync.Once
	envErr  error
	envPath string
)

// initORT loads libonnxruntime once per process.
func initORT() (string, error) {
	envOnce.Do(func() {
		envPath, envErr = LibraryPath()
		if envErr != nil {
			return
		}
		ort.SetSharedLibraryPath(envPath)
		if err := ort.InitializeEnvironment(ort.WithLogLevelError()); err != nil {
			envErr = fmt.Errorf("%w: loading %s: %v; %s", ErrRuntime, envPath, err, InstallHint)
		}
	})
	return envPath, envErr
}

// ORTBackend runs the model with ONNX Runtime on the CPU, one intra-op
// thread per run (the engine scales across requests, not inside one).
type ORTBackend struct {
	sess *ort.DynamicAdvancedSession
}

// NewORTBackend loads the runtime library (see LibraryPath) and opens a
// session on the model bytes.
func NewORTBackend(model []byte) (*ORTBackend, error) {
	if _, _, err := UnmarshalONNX(model); err != nil {
		return nil, err
	}
	if _, err := initORT(); err != nil {
		return nil, err
	}
	opts, err := ort.NewSessionOptions()
	if err != nil {
		return nil, fmt.Errorf("%w: session options: %v", ErrRuntime, err)
	}
	defer opts.Destroy()
	if err := errors.Join(opts.SetIntraOpNumThreads(1), opts.SetInterOpNumThreads(1)); err != nil {
		return nil, fmt.Errorf("%w: session options: %v", ErrRuntime, err)
	}
	sess, err := ort.NewDynamicAdvancedSessionWithONNXData(model, []string{InputName}, []string{OutputName}, opts)
	if err != nil {
		return nil, fmt.Errorf("%w: opening the model: %v", ErrRuntime, err)
	}
	return &ORTBackend{sess: sess}, nil
}

// Run implements Backend. ONNX Runtime sessions are safe for concurrent
// Run calls.
func (b *ORTBackend) Run(feats []int64, rows int, probs []float32) ([]float32, error) {
	in, err := ort.NewTensor(ort.NewShape(int64(rows), FeaturesPerToken), feats[:rows*FeaturesPerToken])
	if err != nil {
		return probs, fmt.Errorf("%w: %v", ErrRuntime, err)
	}
	defer in.Destroy()
	out, err := ort.NewEmptyTensor[float32](ort.NewShape(int64(rows), NumLabels))
	if err != nil {
		return probs, fmt.Errorf("%w: %v", ErrRuntime, err)
	}
	defer out.Destroy()
	if err := b.sess.Run([]ort.Value{in}, []ort.Value{out}); err != nil {
		return probs, fmt.Errorf("%w: run: %v", ErrRuntime, err)
	}
	return append(probs, out.GetData()...), nil
}

// Close releases the session.
func (b *ORTBackend) Close() error { return b.sess.Destroy() }

// NewServing returns the production recognizer for a policy's NER config:
// the policy's model (or the committed one) served by ONNX Runtime.
func NewServing(cfg NERPolicy) (*Recognizer, error) {
	model, err := ModelBytes(cfg.Model)
	if err != nil {
		return nil, err
	}
	b, err := NewORTBackend(model)
	if err != nil {
		return nil, err
	}
	return NewRecognizer(b, cfg)
}
