#!/usr/bin/env bash
# Measures Ally's start-up, resume, lesson switch and peak RSS in tmux, and
# its first frame on a pseudo-terminal that never answers, against
# bench/hello (a minimal Bubble Tea v2 program linking Glamour). Prints
# medians and ratios; bench/README.md records the figures.
#
#   bench/startup.sh [-runs N] [-switches N]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tmux >/dev/null || { echo "startup.sh needs tmux" >&2; exit 1; }
out=bench/out
mkdir -p "$out"
CGO_ENABLED=0 go build -trimpath -tags nethttpomithttp2 -ldflags "-s -w" -o "$out/ally" ./cmd/ally
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out/hello" ./bench/hello
go build -o "$out/startup" ./bench/startup
ls -l "$out/ally" | awk '{printf "ally binary: %.1f MB (budget ≤ 16 MB)\n", $5/1048576}'
"$out/startup" -ally "$PWD/$out/ally" -hello "$PWD/$out/hello" "$@"
