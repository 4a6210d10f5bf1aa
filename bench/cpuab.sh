#!/bin/bash
# cpuab.sh BEFORE AFTER DIR [N]: runs two bench/valprof binaries by turns,
# N times each (default 10), with -structure on the course DIR, and prints
# each one's mean CPU time (user+sys) and peak RSS. CPU time is what to
# compare on a host that steals CPU from the guest: wall time is not.
set -euo pipefail
a=$1 b=$2 dir=$3 n=${4:-10}
for _ in $(seq "$n"); do
	for x in "$a" "$b"; do
		/usr/bin/time -f "$x %U %S %M" "$x" -structure "$dir" 2>&1 >/dev/null | tail -1
	done
done | awk '{cpu[$1] += $2 + $3; runs[$1]++; rss[$1] += $4}
	END {for (k in cpu) printf "%s: CPU %.0f ms, peak RSS %.1f MB (mean of %d runs)\n", k, 1000 * cpu[k] / runs[k], rss[k] / runs[k] / 1024, runs[k]}'
