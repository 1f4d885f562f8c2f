#!/usr/bin/env bash
# bench/same_statistics.sh REF_DIR [REPS] [SCENARIO]: does this checkout's
# model behave as another's, in distribution?  For a change that moves the
# random numbers (issue 15's redesign), where the checksums cannot say.
#
# Runs SCENARIO (default scenarios/baseline.yaml) with REPS replications
# (default 100) and --central (random variation only: the sharpest test)
# through ./bin/caseflow with seed 1 and through REF_DIR/bin/caseflow with
# seed 2, then compares every national series at months 1, 6, 12, 24, 60
# and the horizon:
#   - means: z = (a - b) / sqrt(se_a^2 + se_b^2), with each standard error
#     from the 90% interval of the replications, (p95 - p5) / 3.29 / sqrt(REPS)
#     (a normal approximation); |z| > 4 is flagged (several hundred
#     comparisons: at 4 a chance flag is rare);
#   - spreads: the ratio of the 90% intervals' widths, when both are at
#     least 20 (smaller counts move in steps).  For a normal variable a
#     width from the 5th and 95th percentiles of n draws has a relative
#     standard error of about 8.8% x sqrt(100 / n) (each percentile's
#     sqrt(p (1 - p) / n) / density), so the log of a ratio of two has about
#     0.125 x sqrt(100 / n): flagged past 4 of those (0.61 to 1.65 at 100);
#   - series with no spread in either (the stock at month 0, a rare flow
#     whose 90% interval is 0 to 0...) are flagged when the means differ by
#     more than 4 x sqrt((|a| + |b|) / n) (a count's Poisson noise).
# Prints the flagged comparisons and a count; exits 1 if any was flagged.
# A measurement, not a test: it takes minutes and belongs to make bench.
set -euo pipefail
ref=${1:?usage: bench/same_statistics.sh REF_DIR [REPS] [SCENARIO]}
reps=${2:-100}
scen=${3:-scenarios/baseline.yaml}
[ -x "$ref/bin/caseflow" ] || { echo "same_statistics: $ref/bin/caseflow is not built" >&2; exit 2; }
[ -x ./bin/caseflow ] || { echo "same_statistics: ./bin/caseflow is not built (make)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
./bin/caseflow run "$scen" -n "$reps" -s 1 --central -q -o "$out/a" > /dev/null
# the reference runs its own copy of the scenario (its file may differ in
# comments only; a changed number is the reference's to answer for)
( cd "$ref" && ./bin/caseflow run "$scen" -n "$reps" -s 2 --central -q -o "$out/b" > /dev/null )
awk -F, -v n="$reps" '
    FNR == 1 { file++; next }
    $2 ~ /^region\./ { next }
    { key = $1 "," $2; if (file == 1) { A[key] = $0; months[$1] = 1 } else B[key] = $0 }
    END {
        k = 0; for (m in months) ml[k++] = m
        # months in order (YYYY-MM sorts as text)
        for (i = 0; i < k; i++) for (j = i + 1; j < k; j++) if (ml[j] < ml[i]) { t = ml[i]; ml[i] = ml[j]; ml[j] = t }
        want[1] = 1; want[6] = 1; want[12] = 1; want[24] = 1; want[60] = 1; want[k - 1] = 1
        for (i = 0; i < k; i++) if (i in want) pick[ml[i]] = 1
        checked = 0; flagged = 0
        for (key in A) {
            split(key, kk, ","); if (!(kk[1] in pick)) continue
            if (!(key in B)) { printf "  %-60s only in this checkout\n", key; flagged++; continue }
            split(A[key], a, ","); split(B[key], b, ",")
            wa = a[6] - a[4]; wb = b[6] - b[4]
            checked++
            if (wa == 0 && wb == 0) {
                d = a[3] - b[3]; if (d < 0) d = -d
                s = (a[3] < 0 ? -a[3] : a[3]) + (b[3] < 0 ? -b[3] : b[3])
                if (d > 1e-9 * (s > 1 ? s : 1) && d > 4 * sqrt(s / n)) { printf "  %-60s no spread, means %s and %s\n", key, a[3], b[3]; flagged++ }
                continue
            }
            se = sqrt((wa / 3.29) ^ 2 / n + (wb / 3.29) ^ 2 / n)
            z = se > 0 ? (a[3] - b[3]) / se : 0
            bad = (z > 4 || z < -4)
            ratio = wb > 0 ? wa / wb : 0
            lr = ratio > 0 ? log(ratio) : 0
            wide = (wa >= 20 && wb >= 20 && (lr > 0.5 * sqrt(100 / n) || lr < -0.5 * sqrt(100 / n)))
            if (bad || wide) {
                printf "  %-60s mean %.6g against %.6g (z %+.1f), 90%% width %.4g against %.4g (ratio %.2f)\n", key, a[3], b[3], z, wa, wb, ratio
                flagged++
            }
        }
        for (key in B) if (!(key in A)) { split(key, kk, ","); if (kk[1] in pick) { printf "  %-60s only in the reference\n", key; flagged++ } }
        printf "same statistics: %d comparisons (national series at months 1, 6, 12, 24, 60 and the horizon, %d replications each, --central), %d flagged\n", checked, n, flagged
        exit (flagged > 0 ? 1 : 0)
    }' "$out/a/series.csv" "$out/b/series.csv"
