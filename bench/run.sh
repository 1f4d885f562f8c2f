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
# where a replication's time goes (the model's own stages; the run's own
# timing line, from the single-thread run)
sed -n 's/^Model time: /  stages     /p' "$out/single.txt"
run all 100 "$cores"

# REF=DIR (make bench REF=DIR): another checkout of caseflow, built, timed the
# same way on its own scenarios/baseline.yaml right after, and the ratio of
# seconds per replication on one thread (an earlier version's speed
# measured on this machine, not remembered from another).
if [ -n "${REF:-}" ]; then
  if [ -x "$REF/bin/caseflow" ] && [ -f "$REF/scenarios/baseline.yaml" ]; then
    ( cd "$REF" && ./bin/caseflow run scenarios/baseline.yaml -n 8 -j 1 -o "$out/ref" > "$out/ref.txt" 2>/dev/null ) || true
    awk '/^Run time:/ { printf "  %-10s %4d replications on 1 thread(s): %7.2f s, %.3g events, %.3g events/s, %.3f s per replication\n", "reference", 8, $3, $8, $10, $3 / 8 }' "$out/ref.txt"
    a=$(awk '/^Run time:/ { print $3 / 8 }' "$out/single.txt"); b=$(awk '/^Run time:/ { print $3 / 8 }' "$out/ref.txt")
    [ -n "$a" ] && [ -n "$b" ] && awk -v a="$a" -v b="$b" 'BEGIN { printf "  speed-up   %.2f times the reference on one thread (%.3f s against %.3f s a replication)\n", b / a, a, b }'
  else
    echo "  reference  not run: $REF has no bin/caseflow or scenarios/baseline.yaml (build it first)"
  fi
fi

# Peak memory of one replication on one thread, per person under supervision
# at the start (GNU time's maximum resident set size; it includes the
# program, its libraries and the results, so it overstates the model's own).
if [ -x /usr/bin/time ]; then
  /usr/bin/time -v "$bin" run scenarios/baseline.yaml -n 1 -j 1 -q -o "$out/mem" > "$out/mem.txt" 2> "$out/mem.err" || true
  kb=$(sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\).*/\1/p' "$out/mem.err")
  people=$(sed -n 's/.*at the start *end of [A-Za-z]* [0-9]*: \([0-9,]*\) .*/\1/p' "$out/mem/summary.txt" | head -1 | tr -d ,)
  if [ -n "$kb" ] && [ -n "$people" ]; then
    awk -v kb="$kb" -v p="$people" 'BEGIN { printf "  memory     1 replication on 1 thread: peak %.0f MB, %.0f bytes per person under supervision at the start (%d people)\n", kb / 1024, kb * 1024 / p, p }'
  fi
else
  echo "  memory     not measured (GNU time, /usr/bin/time, is not installed: apt-get install time)"
fi

# A full sensitivity run of the baseline (every ranged assumption at its low
# and high value, plus all central; 20 replications a run, the sensitivity
# default), estimated from the measured time per replication on all cores.
n=$(sed -n 's/.*ranges of \([0-9]*\) assumptions.*/\1/p' "$out/all/summary.txt" | head -1)
n=${n:-0}
awk -v label="sensitivity" -v n="$n" '/^Run time:/ { s = $3; printf "  %-10s baseline, %d ranged assumptions: about %.0f s on all cores (estimated: (1 + 2 x %d) runs of 20 replications at %.2f s a replication)\n", label, n, (1 + 2 * n) * 20 * s / 100, n, s / 100 }' "$out/all.txt"
