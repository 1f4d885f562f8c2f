#!/usr/bin/env bash
# same_bytes_apart.sh: a run split apart gives the same bytes as one run.
#
# A short scenario, 5 replications, seed 3: `run -j 1`, `run -j 2`, two
# shards (--replications 0:2 and 2:3, run on different thread counts) merged
# by `caseflow merge`, and, where MPI is installed (mpicc and mpirun), the
# MPI build under `mpirun -np 2` for `run` and for `compare` against the
# one-process `compare`: every series.csv (difference.csv, levels.csv) the
# same bytes.  Then the merge's refusals: a replication in two shards, a
# gap, another seed, a cut file, edited numbers, more replications than the
# memory limit holds: exit 2, a message naming the file, and
# nothing written.
#
#   tests/same_bytes_apart.sh BIN
set -euo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
printf 'extends: %s/scenarios/pre-act.yaml\nhorizon_months: 6\n' "$here" > short.yaml
printf 'extends: %s/scenarios/presumption-short-sentences.yaml\nhorizon_months: 12\n' "$here" > pol.yaml
printf 'extends: %s/scenarios/pre-act.yaml\nhorizon_months: 12\n' "$here" > base.yaml
fail() { echo "same bytes apart: $*"; exit 1; }
"$bin" run short.yaml -n 5 -s 3 -j 1 -q -o one >/dev/null
"$bin" run short.yaml -n 5 -s 3 -j 2 -q -o two >/dev/null
"$bin" run short.yaml --replications 0:2 -s 3 -j 2 -q -o s1 >/dev/null
"$bin" run short.yaml --replications 2:3 -s 3 -j 1 -q -o s2 >/dev/null
"$bin" merge short.yaml s2 s1 -s 3 -q -o merged >/dev/null
cmp -s one/series.csv two/series.csv || fail "-j 1 and -j 2 differ"
cmp -s one/series.csv merged/series.csv || fail "two shards merged differ from one run"
cmp -s one/summary.txt merged/summary.txt || fail "the merged summary differs"
refuse() { # label, expected text, merge arguments...
  local label=$1 want=$2; shift 2
  set +e; "$bin" merge short.yaml "$@" -q -o bad > out.txt 2> err.txt; rc=$?; set -e
  [ $rc -eq 2 ] || fail "$label: exit $rc (expected 2)"
  grep -q "$want" err.txt || fail "$label: unexpected message: $(cat err.txt)"
  [ ! -e bad ] || fail "$label: wrote bad/"
}
"$bin" run short.yaml --replications 1:2 -s 3 -q -o s3 >/dev/null
refuse "overlap" "overlap another shard" s1 s3 -s 3
"$bin" run short.yaml --replications 3:2 -s 3 -q -o s4 >/dev/null
refuse "gap" "replications 2 to 2 are in no shard" s1 s4 -s 3
refuse "seed" "made with seed 3 (expected seed 4" s1 s2 -s 4
head -c 1000 s1/replications.bin > cut.bin
refuse "cut" "cut.bin: the file is cut short" cut.bin s2 -s 3
# a shard's numbers edited (a NaN over the first, after the 72-byte
# header): merge checked only the header and wrote nan into series.csv
cp s1/replications.bin nan.bin
printf '\000\000\000\000\000\000\370\177' | dd of=nan.bin bs=1 seek=72 conv=notrunc status=none
refuse "edited" "nan.bin: its numbers are not the ones caseflow wrote" nan.bin s2 -s 3
# the merged results are held whole, as a run's, under the run's memory
# limit: a shard's header made to claim 100,000 replications (the file
# stretched to match, sparse) was merged from 4.7 GB of zeros
cp s1/replications.bin big.bin
nmonth=$(od -An -tu4 -j12 -N4 big.bin | tr -d ' ')
nser=$(od -An -tu4 -j16 -N4 big.bin | tr -d ' ')
printf '\240\206\001\000' | dd of=big.bin bs=1 seek=24 conv=notrunc status=none   # 100000
truncate -s $((72 + 100000 * nmonth * nser * 8)) big.bin
refuse "memory" "big.bin: the merge needs about .* of memory for its 100000 replications, more than the limit of 4.0 GiB" big.bin -s 3
echo "same bytes apart: one run, -j 2 and two shards merged give the same series.csv; bad merges refused"
if command -v mpicc >/dev/null 2>&1 && command -v mpirun >/dev/null 2>&1; then
  # its own build, whatever the calling make was given (make SAN=1 test passes SAN=1 down)
  MAKEFLAGS= make -s -C "$here" MPI=1 SAN=0 bin/caseflow-mpi >/dev/null
  mpi="$here/bin/caseflow-mpi"
  np() { mpirun --oversubscribe --allow-run-as-root -np 2 "$mpi" "$@"; }
  OMPI_MCA_btl=self,vader np run short.yaml -n 5 -s 3 -j 1 -q -o mpi-run >/dev/null 2>&1 || fail "mpirun run failed"
  cmp -s one/series.csv mpi-run/series.csv || fail "mpirun -np 2 run differs from one process"
  "$bin" compare base.yaml pol.yaml -n 3 -s 5 -j 2 -q -o cmp-one >/dev/null
  OMPI_MCA_btl=self,vader np compare base.yaml pol.yaml -n 3 -s 5 -j 1 -q -o cmp-mpi >/dev/null 2>&1 || fail "mpirun compare failed"
  for f in difference.csv levels.csv headline.txt; do cmp -s "cmp-one/$f" "cmp-mpi/$f" || fail "mpirun -np 2 compare: $f differs"; done
  echo "same bytes apart: mpirun -np 2 gives the same bytes for run and compare"
else
  echo "same bytes apart: MPI not installed (mpicc, mpirun): the MPI run is not checked here"
fi
