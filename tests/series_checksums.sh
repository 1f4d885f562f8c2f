#!/usr/bin/env bash
# series_checksums.sh: the shipped scenarios give the same series.csv, byte
# for byte, as the stored checksums (tests/series.sha256).
#
# Each scenario in scenarios/ is run through a wrapper that extends it and
# sets horizon_months: 24 (every shipped lever falls inside 24 months), with
# -n 2 -s 7 -j 2 --central (every assumption given a range at its central
# value: the bytes the scenarios gave before they had ranges).  The wrapper sits beside copies of the scenario files so
# `extends:` stays a plain relative name.
#
#   tests/series_checksums.sh BIN          check (exit 1 on a difference)
#   tests/series_checksums.sh BIN --write  rewrite tests/series.sha256
#                                          (only when a change of results is
#                                          intended and explained)
set -euo pipefail
bin=${1:?usage: series_checksums.sh BIN [--write]}
mode=${2:-check}
here=$(cd "$(dirname "$0")/.." && pwd)
sums="$here/tests/series.sha256"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$here"/scenarios/*.yaml "$tmp/"
got="$tmp/got.sha256"
: > "$got"
for f in "$here"/scenarios/*.yaml; do
  stem=$(basename "$f" .yaml)
  printf 'extends: %s.yaml\nhorizon_months: 24\n' "$stem" > "$tmp/short--$stem.yaml"
  "$bin" run "$tmp/short--$stem.yaml" -n 2 -s 7 -j 2 -q --central -o "$tmp/out-$stem" >/dev/null
  printf '%s  %s\n' "$(sha256sum < "$tmp/out-$stem/series.csv" | cut -d' ' -f1)" "$stem" >> "$got"
done
if [ "$mode" = --write ]; then cp "$got" "$sums"; echo "series checksums: written"; exit 0; fi
if diff -u "$sums" "$got"; then
  echo "series checksums: $(wc -l < "$got") scenarios, series.csv unchanged"
else
  echo "series checksums: series.csv differs from tests/series.sha256 (above: - stored, + now)"
  exit 1
fi
