#!/usr/bin/env bash
# Installs what sluice needs, builds bin/sluice and runs the main job:
# `sluice serve` — the HTTP API on 127.0.0.1:8080 and an embedded NATS
# server on 127.0.0.1:4222 consuming llm.responses.> into llm.redacted.>,
# with the built-in policy. Extra arguments go to `sluice serve`.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/deps.sh
echo "setup: building bin/sluice"
export SLUICE_ONNXRUNTIME_LIB="${SLUICE_ONNXRUNTIME_LIB:-$(./scripts/install-onnxruntime.sh)}"
go build -tags onnx -o bin/sluice ./cmd/sluice
echo "setup: starting the main job (Ctrl-C to stop): bin/sluice serve $*"
exec ./bin/sluice serve "$@"
