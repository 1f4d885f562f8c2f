#!/usr/bin/env bash
# make bench: speed of the national baseline over 10 years (not a test; no
# thresholds).  Prints events per second and seconds per replication for one
# thread and for all cores, from the run's own timing line (printed, not saved:
# saved outputs are the same bytes for the same run).
set -euo pipefail
bin=${1:-./bin/caseflow}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cores=$(nproc)
echo "caseflow bench: scenarios/baseline.yaml, 120 months, $cores cores"
run() { # label reps jobs
  "$bin" run scenarios/baseline.yaml -n "$2" -j "$3" -o "$out/$1" > "$out/$1.txt" 2>/dev/null
  awk -v label="$1" -v reps="$2" -v jobs="$3" '/^Run time:/ {
      s = $3; ev = $8; eps = $10;
      printf "  %-10s %4d replications on %d thread(s): %7.2f s, %.3g events, %.3g events/s, %.3f s per replication (%.3f s per replication per thread)\n",
             label, reps, jobs, s, ev, eps, s / reps, s * jobs / reps }' "$out/$1.txt"
}
run single 8 1
run all 100 "$cores"
