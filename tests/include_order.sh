#!/usr/bin/env bash
# include_order.sh: data flows one way.  Every source file has a stage; no
# file may include the header of a later stage.  A new file must be given a
# stage here (the README's map of the code lists the same stages).
set -euo pipefail
cd "$(dirname "$0")/.."
stage_of() {
  case "$1" in
    error|numfmt|dist|rng|engine) echo 0 ;;              # base: errors, numbers, distributions, random streams, the event queue
    conf) echo 1 ;;                                      # scenario file: YAML to a tree with positions
    scenario|workforce|policy|params|practitioners|uncertain|regions) echo 2 ;;  # parameters: checked numbers, named; levers as written; individual workloads (arithmetic); ranges on the assumptions
    rulebook) echo 3 ;;                                  # rulebook: parameters + levers -> timelines
    model|model_internal|custody|community|stock|workload|staff|national) echo 4 ;;  # model: one replication
    results|output) echo 5 ;;                            # results: the replications' numbers, percentiles, files (all or nothing)
    runner|budget|par|shard) echo 6 ;;                   # engine: replications on threads (and MPI processes, shards), within a work budget
    compare|strain|regional|sensitivity|validate|table|cview|chart|charts|compare_charts|regions_charts|regions_compare|validate_chart|tornado|plots|brief|cli|main) echo 7 ;;  # comparisons, charts, the briefing pack, commands
    *) echo "" ;;
  esac
}
bad=0
for f in sim/*.[ch] plots/*.[ch]; do
  b=$(basename "$f"); b=${b%.*}
  s=$(stage_of "$b")
  if [ -z "$s" ]; then echo "include order: $f has no stage (add it to tests/include_order.sh and the README map)"; bad=1; continue; fi
  while read -r inc; do
    i=${inc%.h}
    t=$(stage_of "$i")
    if [ -z "$t" ]; then echo "include order: $f includes $inc, which has no stage"; bad=1
    elif [ "$t" -gt "$s" ]; then echo "include order: $f (stage $s) includes $inc (stage $t, later in the pipeline)"; bad=1; fi
  done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f")
done
[ $bad -eq 0 ] && echo "include order: no file includes a later stage"
exit $bad
