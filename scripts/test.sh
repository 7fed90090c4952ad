#!/usr/bin/env bash
# Runs every test sluice has. The README's second set-up command and
# .ci/run both call this script; it installs what the tests need when it
# is missing (scripts/deps.sh), so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/deps.sh
export SLUICE_ONNXRUNTIME_LIB="${SLUICE_ONNXRUNTIME_LIB:-$(./scripts/install-onnxruntime.sh)}"

echo "== gofmt"
unformatted="$(gofmt -l $(git ls-files '*.go'))"
if [ -n "$unformatted" ]; then
	echo "gofmt needed:"
	echo "$unformatted"
	exit 1
fi

echo "== go vet"
go vet ./...
go vet -tags onnx ./models/... ./cmd/sluice

echo "== go test (default build: pure-Go RE2)"
go test -count=1 -timeout 20m ./...

echo "== go test third_party/phonenumbers (the lazily-loading fork; its own module)"
(cd third_party/phonenumbers && go test -count=1 .)

echo "== go test -race (engine and transports: shared scanners, servers, consumers)"
go test -count=1 -race -timeout 20m ./engine ./transport/...

echo "== go test (-tags re2_cgo: Debian libre2)"
go test -count=1 -tags re2_cgo ./engine ./detectors

echo "== go test (-tags onnx: NER through ONNX Runtime)"
go test -count=1 -tags onnx ./models/... ./cmd/sluice

echo "== fuzz (a few seconds per target; seeds in each package's testdata/fuzz/)"
go test -run '^$' -fuzz=FuzzParse -fuzztime=5s -fuzzminimizetime=2s ./internal/jsonx
go test -run '^$' -fuzz=FuzzEventReader -fuzztime=5s -fuzzminimizetime=2s ./transport/sseproxy
go test -run '^$' -fuzz=FuzzKeywordsMatchAhoCorasick -fuzztime=5s -fuzzminimizetime=2s ./engine
go test -run '^$' -fuzz=FuzzStreamEqualsBatch -fuzztime=10s -fuzzminimizetime=2s ./engine
go test -run '^$' -fuzz=FuzzRelaxedMatchesExact -fuzztime=5s -fuzzminimizetime=2s ./engine
go test -run '^$' -fuzz=FuzzFindNumericDates -fuzztime=5s -fuzzminimizetime=2s ./detectors
go test -run '^$' -fuzz=FuzzNextEmail -fuzztime=5s -fuzzminimizetime=2s ./detectors
go test -run '^$' -fuzz=FuzzNextIP -fuzztime=5s -fuzzminimizetime=2s ./detectors
go test -run '^$' -fuzz=FuzzNextURL -fuzztime=5s -fuzzminimizetime=2s ./detectors
go test -run '^$' -fuzz=FuzzNextPhone -fuzztime=5s -fuzzminimizetime=2s ./detectors
go test -run '^$' -fuzz=FuzzNextWordDate -fuzztime=5s -fuzzminimizetime=2s ./detectors

echo "== benchmark smoke (seconds; prints the table so every change shows what it did to speed)"
go run ./cmd/sluice bench throughput --generate 1MiB --quick
