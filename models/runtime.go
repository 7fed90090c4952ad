package models

import (
	"errors"
	"fmt"
	"os"

	"github.com/sluice-dlp/sluice/engine"
)

// NERPolicy is the policy section that configures the recognizer.
type NERPolicy = engine.NERConfig

// ErrRuntime is wrapped by every error about ONNX Runtime being missing
// or unusable.
var ErrRuntime = errors.New("ner: ONNX Runtime unavailable")

// LibraryEnv names the environment variable that points at
// libonnxruntime.so; DefaultLibraryPaths are tried when it is unset.
const LibraryEnv = "SLUICE_ONNXRUNTIME_LIB"

// DefaultLibraryPaths is where scripts/install-onnxruntime.sh puts the
// library.
var DefaultLibraryPaths = []string{
	"/usr/local/lib/sluice/libonnxruntime.so.1",
	".cache/onnxruntime/libonnxruntime.so.1",
}

// InstallHint says how to get what NER needs.
const InstallHint = "install it with ./scripts/install-onnxruntime.sh (ONNX Runtime 1.24.1 from the npm package onnxruntime-node, sha256-pinned) " +
	"and build with -tags onnx; set " + LibraryEnv + " to use a library elsewhere"

// LibraryPath finds libonnxruntime: $SLUICE_ONNXRUNTIME_LIB, else the
// first of DefaultLibraryPaths that exists.
func LibraryPath() (string, error) {
	if p := os.Getenv(LibraryEnv); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%w: %s=%s: %v; %s", ErrRuntime, LibraryEnv, p, err, InstallHint)
		}
		return p, nil
	}
	for _, p := range DefaultLibraryPaths {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w: libonnxruntime.so.1 not found in %v; %s", ErrRuntime, DefaultLibraryPaths, InstallHint)
}
