#!/usr/bin/env bash
# make bench: speed of the national baseline over 10 years (not a test; no
# thresholds).  Prints events per second and seconds per replication for one
# thread and for all cores, from the run's own timing line (printed, not saved:
# saved outputs are the same bytes for the same run); the floor under a
# replication (bench/bare.c); with REF, an earlier checkout timed against this
# one; the peak memory; and a full sensitivity run, timed (SENS=0: estimated).
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

# The floor (bench/bare.c): a loop that only pops the same number of events
# from the same queue with one draw each and one 64-byte record touched, over
# the same ten years, as one population and as the regions (the same number
# of parts, run one after another).  What a replication costs beyond it is
# the model's own work: the sentences' draws, the counts, the workload.
bare=${BARE:-$(dirname "$0")/../build/bench/bare}
events=$(awk '/^Run time:/ { print $8 / 8 }' "$out/single.txt")   # (8: run single's replications)
people=$(sed -n 's/.*at the start *end of [A-Za-z]* [0-9]*: \([0-9,]*\) .*/\1/p' "$out/single/summary.txt" | head -1 | tr -d ,)
parts=$(sed -n 's/.*Over 110% (median capacity): [0-9]* of \([0-9]*\) regions.*/\1/p' "$out/single/summary.txt" | head -1)
model=$(awk '/^Model time:/ { print $3 }' "$out/single.txt")
one="" many=""
if [ -x "$bare" ] && [ -n "$events" ] && [ -n "$people" ] && [ -n "$model" ]; then
  # 3653 days: the baseline's 120 months from 30 June 2025
  one=$("$bare" "$events" "$people" 3653 1 8 2> "$out/bare.err") || one=""
  if [ -n "$parts" ]; then many=$("$bare" "$events" "$people" 3653 "$parts" 8 2>> "$out/bare.err") || many=""; fi
fi
if [ -n "$one" ]; then
  floor=${many%% *}; floor=${floor:-${one%% *}}   # the parts' time, as the regions run
  awk -v one="$one" -v many="$many" -v parts="${parts:-1}" -v model="$model" -v p="$people" -v f="$floor" 'BEGIN {
      split(one, a, " "); split(many, b, " ");
      printf "  floor      a bare loop popping %.3g events a replication (%d people, one draw and one 64-byte record each, the same queue): %.3f s a replication as one population", a[2], p, a[1];
      if (many != "") printf ", %.3f s in %d parts (as the regions)", b[1], parts;
      printf "; the model takes %.3f s, %.1f times that floor\n", model, model / f }'
else
  if [ ! -x "$bare" ]; then why="$bare is not built (make build/bench/bare)"
  elif [ -z "$model" ] || [ -z "$events" ] || [ -z "$people" ]; then why="the single run printed no timing or no starting people"
  else why="bench/bare failed: $(tail -1 "$out/bare.err" 2>/dev/null)"; fi
  echo "  floor      not measured: $why"
fi

# REF=DIR (make bench REF=DIR): another checkout of caseflow, built, timed
# against this one on one thread (an earlier version's speed measured on
# this machine, not remembered from another).  The host's load moves both
# (on a shared VM by 10-40% within minutes), so the two are timed in turn,
# three rounds of 8 replications each, and the ratio of each round and the
# median ratio are printed.  Two comparisons:
#   own scenarios  each on its own scenarios/baseline.yaml (what a user of
#                  each version ran as the baseline);
#   same scenario  both on REF's scenarios/baseline.yaml, when this version
#                  reads it (the same work: the same flows, stock and
#                  volumes; only the code differs).
if [ -n "${REF:-}" ]; then
  if [ -x "$REF/bin/caseflow" ] && [ -f "$REF/scenarios/baseline.yaml" ]; then
    refdir=$(cd -P -- "$REF" >/dev/null && pwd)
    refsc=$refdir/scenarios/baseline.yaml
    refbin=$refdir/bin/caseflow
    abin=$(cd -P -- "$(dirname "$bin")" >/dev/null && pwd)/$(basename "$bin")
    # time_one BIN SCENARIO: seconds a replication, 8 on one thread, run in
    # the scenario's own directory (so `extends:` resolves as it did there);
    # nothing printed if the run failed (its errors are in $out/t.err)
    time_one() {
      rm -rf "$out/t" "$out/t.txt"
      ( cd -P -- "$(dirname "$2")" >/dev/null && "$1" run "$(basename "$2")" -n 8 -j 1 -o "$out/t" > "$out/t.txt" 2> "$out/t.err" ) || true
      [ ! -f "$out/t.txt" ] || awk '/^Run time:/ { print $3 / 8 }' "$out/t.txt"
    }
    compare() { # LABEL OUR_SCENARIO NOTE
      local ratios="" a b round
      for round in 1 2 3; do
        # the order alternates, so running first or second favours neither
        if [ $((round % 2)) = 1 ]; then
          a=$(time_one "$abin" "$2"); [ -n "$a" ] || { printf '  %-14s round %d: this version failed: %s\n' "$1" "$round" "$(tail -1 "$out/t.err")"; return; }
          b=$(time_one "$refbin" "$refsc"); [ -n "$b" ] || { printf '  %-14s round %d: the reference failed: %s\n' "$1" "$round" "$(tail -1 "$out/t.err")"; return; }
        else
          b=$(time_one "$refbin" "$refsc"); [ -n "$b" ] || { printf '  %-14s round %d: the reference failed: %s\n' "$1" "$round" "$(tail -1 "$out/t.err")"; return; }
          a=$(time_one "$abin" "$2"); [ -n "$a" ] || { printf '  %-14s round %d: this version failed: %s\n' "$1" "$round" "$(tail -1 "$out/t.err")"; return; }
        fi
        awk -v l="$1" -v r="$round" -v a="$a" -v b="$b" 'BEGIN { printf "  %-14s round %d: this %.3f s, reference %.3f s a replication: %.2f times as fast\n", l, r, a, b, b / a }'
        ratios="$ratios $(awk -v a="$a" -v b="$b" 'BEGIN { print b / a }')"
        reftimes="$reftimes $b"
      done
      echo "$ratios" | tr ' ' '\n' | sed '/^$/d' | LC_ALL=C sort -g | awk -v l="$1" -v note="$3" '{ r[NR] = $1 } END { printf "  %-14s speed-up %.2f times the reference on one thread, %s (median of %d rounds; %.2f to %.2f)\n", l, r[int((NR + 1) / 2)], note, NR, r[1], r[NR] }'
    }
    reftimes=""
    compare "own scenarios" "$(pwd)/scenarios/baseline.yaml" "each on its own baseline (different work)"
    # what five times the reference's speed asks of a replication, beside
    # the floor measured above
    echo "$reftimes" | tr ' ' '\n' | sed '/^$/d' | LC_ALL=C sort -g | awk -v f="${floor:-}" '{ r[NR] = $1 } END {
        if (!NR) exit; m = r[int((NR + 1) / 2)];
        printf "  %-14s five times the reference (median %.3f s a replication) is %.3f s a replication", "target", m, m / 5;
        if (f != "") printf "; the bare loop alone takes %.3f s of it (%.0f%%)", f, 100 * f / (m / 5);
        printf "\n" }'
    if (cd -P -- "$(dirname "$refsc")" >/dev/null && "$abin" check baseline.yaml > /dev/null 2>&1); then
      compare "same scenario" "$refsc" "both on the reference's baseline (the same work)"
    else
      echo "  same scenario  not run: this version does not read $REF's scenarios/baseline.yaml"
    fi
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
# default; the caseload measure), timed on all cores: a few minutes.
# SENS=0 estimates it instead, from the time per replication on all cores.
n=$(sed -n 's/.*ranges of \([0-9]*\) assumptions.*/\1/p' "$out/all/summary.txt" | head -1)
n=${n:-0}
if [ "${SENS:-1}" != 0 ]; then
  t0=$(date +%s.%N)
  if "$bin" sensitivity scenarios/baseline.yaml -j "$cores" -q -o "$out/sens" > /dev/null 2> "$out/sens.err"; then
    t1=$(date +%s.%N)
    varied=$(grep -c ',low,' "$out/sens/sensitivity.csv" || true)
    awk -v label="sensitivity" -v t0="$t0" -v t1="$t1" -v v="$varied" -v n="$n" -v c="$cores" 'BEGIN {
        printf "  %-10s baseline, caseload: %.0f s on %d cores (measured; %d of %d ranged assumptions varied, (1 + 2 x %d) runs of 20 replications, %.2f s a replication)\n",
               label, t1 - t0, c, v, n, v, (t1 - t0) / ((1 + 2 * v) * 20) }'
  else
    echo "  sensitivity failed: $(tail -1 "$out/sens.err")"
  fi
else
  awk -v label="sensitivity" -v n="$n" '/^Run time:/ { s = $3; printf "  %-10s baseline, %d ranged assumptions: about %.0f s on all cores (estimated: (1 + 2 x %d) runs of 20 replications at %.2f s a replication; SENS=0)\n", label, n, (1 + 2 * n) * 20 * s / 100, n, s / 100 }' "$out/all.txt"
fi
