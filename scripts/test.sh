#!/usr/bin/env bash
# Runs every test sluice has. The README's second set-up command and
# .ci/run both call this script; it installs what the tests need when it
# is missing, so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

export GOFLAGS="${GOFLAGS:-} -mod=mod"

echo "== go vet"
go vet ./...

echo "== go test"
go test -count=1 -timeout 20m ./...
