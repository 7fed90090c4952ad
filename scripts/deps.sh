#!/usr/bin/env bash
# Installs what sluice's builds and tests need beyond Go, when missing.
# Idempotent: setup.sh and test.sh both call it, so a fresh machine (or a
# fresh CI clone) gets the same tools.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v go >/dev/null 2>&1; then
	echo "deps: Go is required (https://go.dev/doc/install); this machine image has it at /usr/local/go/bin" >&2
	exit 1
fi

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
		echo "deps: need root to run: $*" >&2
		return 1
	fi
}

# libre2-dev: the optional cgo build of go-re2 (-tags re2_cgo), about 2x
# faster than the default pure-Go build; the tests check both.
if ! [ -e /usr/include/re2/re2.h ]; then
	echo "deps: installing libre2-dev (apt)"
	as_root apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libre2-dev >/dev/null
fi

# ONNX Runtime for NER (-tags onnx): the CPU library from the npm package
# onnxruntime-node, pinned by version and sha256 (scripts/install-onnxruntime.sh).
if ! command -v npm >/dev/null 2>&1; then
	echo "deps: installing npm (apt)"
	as_root apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
fi
./scripts/install-onnxruntime.sh >/dev/null

go mod download
