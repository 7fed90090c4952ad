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
# fuzz PKG TARGET TIME: Go's fuzzer now and then fails a run with "context
# deadline exceeded" when -fuzztime ends while a worker is busy (a loaded
# machine), with no failing input. Such a run is tried once more. A real
# failure writes its input to PKG/testdata/fuzz/TARGET/, which fails at
# once, so it is never retried.
fuzz() {
	local pkg=$1 target=$2 time=$3 out
	if out=$(go test -run '^$' -fuzz="^$target\$" -fuzztime="$time" -fuzzminimizetime=2s "$pkg" 2>&1); then
		echo "$out"
		return 0
	fi
	echo "$out"
	if [ -n "$(git status --porcelain -- "$pkg/testdata/fuzz/$target")" ] || ! grep -q "context deadline exceeded" <<<"$out"; then
		return 1
	fi
	echo "fuzz: $target stopped on Go's fuzzing deadline with no failing input; once more"
	go test -run '^$' -fuzz="^$target\$" -fuzztime="$time" -fuzzminimizetime=2s "$pkg"
}
fuzz ./internal/jsonx FuzzParse 5s
fuzz ./transport/sseproxy FuzzEventReader 5s
fuzz ./engine FuzzKeywordsMatchAhoCorasick 5s
fuzz ./engine FuzzStreamEqualsBatch 10s
fuzz ./engine FuzzRelaxedMatchesExact 5s
fuzz ./detectors FuzzFindNumericDates 5s
fuzz ./detectors FuzzNextEmail 5s
fuzz ./detectors FuzzNextIP 5s
fuzz ./detectors FuzzNextURL 5s
fuzz ./detectors FuzzNextPhone 5s
fuzz ./detectors FuzzNextWordDate 5s

echo "== benchmark smoke (seconds; prints the table so every change shows what it did to speed)"
go run ./cmd/sluice bench throughput --generate 1MiB --quick
