#!/usr/bin/env bash
# Installs the ONNX Runtime CPU library that sluice's NER stage (-tags onnx)
# loads. Debian has no package; the npm package onnxruntime-node ships the
# library in its tarball. Its install script would download from a host
# these machines cannot reach, so this takes the library from `npm pack`
# output instead, pinned by version and sha256.
#
# ONNX Runtime 1.24.1 = C API version 24, the one that
# github.com/yalue/onnxruntime_go v1.27.0 is built against.
#
# Idempotent. Prints the library path. Destination: $SLUICE_ORT_DIR, default
# /usr/local/lib/sluice when writable (root), else ./.cache/onnxruntime.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=1.24.1
SHA256=57181cf6e6e711b155c5b942d591fd63ded0b5de5c4922d51fd994e7f6ac2772
MEMBER=package/bin/napi-v6/linux/x64/libonnxruntime.so.1

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
	echo "install-onnxruntime: only linux/x64 is supported (got $(uname -s)-$(uname -m))" >&2
	exit 1
fi

dir="${SLUICE_ORT_DIR:-}"
if [ -z "$dir" ]; then
	if [ -w /usr/local/lib ] || [ "$(id -u)" = 0 ]; then dir=/usr/local/lib/sluice; else dir="$PWD/.cache/onnxruntime"; fi
fi
lib="$dir/libonnxruntime.so.1"
stamp="$dir/.onnxruntime-node-$VERSION-$SHA256"
if [ -f "$lib" ] && [ -f "$stamp" ]; then
	echo "$lib"
	exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
	echo "install-onnxruntime: npm is required (apt-get install -y npm)" >&2
	exit 1
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "onnxruntime-node@$VERSION" >/dev/null)
tgz="$tmp/onnxruntime-node-$VERSION.tgz"
got="$(sha256sum "$tgz" | cut -d' ' -f1)"
if [ "$got" != "$SHA256" ]; then
	echo "install-onnxruntime: sha256 mismatch for onnxruntime-node@$VERSION: got $got, want $SHA256" >&2
	exit 1
fi
tar -xzf "$tgz" -C "$tmp" "$MEMBER"
mkdir -p "$dir"
install -m 0644 "$tmp/$MEMBER" "$lib.tmp"
mv "$lib.tmp" "$lib"
touch "$stamp"
echo "$lib"
