#!/usr/bin/env bash
# Measures Ally's start-up, resume, lesson switch and peak RSS in tmux, and
# its first frame on a pseudo-terminal that never answers, against
# bench/hello (a minimal Bubble Tea v2 program linking Glamour), bench/min
# (the same without Glamour) and, for the switch, bench/flip (two
# pre-rendered Glamour pages flipped). Prints medians and ratios;
# bench/README.md records the figures.
#
#   bench/startup.sh [-runs N] [-switches N] [-sizes 100x30,200x60] [-only first,resume,switch,silent]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tmux >/dev/null || { echo "startup.sh needs tmux" >&2; exit 1; }
out=bench/out
mkdir -p "$out"
CGO_ENABLED=0 go build -trimpath -tags nethttpomithttp2 -ldflags "-s -w" -o "$out/ally" ./cmd/ally
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out/hello" ./bench/hello
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out/min" ./bench/min
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out/flip" ./bench/flip
go build -o "$out/startup" ./bench/startup
ls -l "$out/ally" | awk '{printf "ally binary: %.1f MB (budget ≤ 16 MB)\n", $5/1048576}'
"$out/startup" -ally "$PWD/$out/ally" -hello "$PWD/$out/hello" -min "$PWD/$out/min" -flip "$PWD/$out/flip" "$@"
