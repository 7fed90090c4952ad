#!/bin/sh
# Real-process cluster check (issue 20): three nats-server processes
# (built from the module cache), two `sluice consume --create-streams
# --replicas 3`, kill -9 of the input stream's leader and of one
# consumer mid-run; every answer must come out redacted exactly once.
# Not part of ./scripts/test.sh (it builds nats-server; ~30s).
set -eu
cd "$(dirname "$0")/.."
exec go test -tags clusterprocess -run TestClusterProcesses -count=1 -v ./cmd/sluice "$@"
