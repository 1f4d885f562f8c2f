/* shard.h: a shard's replications on disk, and shards merged into one run.
 *
 * For batch schedulers (a Slurm job array, say): `caseflow run SCENARIO
 * --replications FIRST:COUNT -o DIR` runs replications FIRST to
 * FIRST+COUNT-1, exactly as a whole run would (their seeds depend on their
 * numbers only), and writes them to DIR/replications.bin; `caseflow merge
 * SCENARIO DIR1 DIR2 ... -o OUT` reads the shards back, checks they are of
 * the same scenario, seed and series and cover replications 0 to N-1 once
 * each, and writes what `caseflow run SCENARIO -n N` writes, byte for byte.
 *
 * The file: a header of fixed-width fields (the magic "CFREPS1\n", format
 * version, months, series, first, count, seed, a fingerprint of the
 * scenario as run and of its series names, events, and one of the numbers
 * that follow), then the replications' numbers as doubles, in the
 * machine's byte order (shards are merged on the machines that made them:
 * a cluster of one architecture).  A shard whose numbers do not match
 * their fingerprint (damaged, or edited) is refused.
 *
 * Ownership: shard_merge returns results the caller frees (results_free). */
#ifndef CASEFLOW_SHARD_H
#define CASEFLOW_SHARD_H

#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "results.h"

/* A fingerprint of the series of layout l (their names, in order). */
uint64_t shard_series_key(const layout_t *l);
/* 64-bit FNV-1a of n bytes, continuing from h (start with SHARD_FNV0). */
#define SHARD_FNV0 0xcbf29ce484222325ULL
uint64_t shard_fnv(uint64_t h, const void *p, size_t n);

typedef struct {
    const results_t *r;
    uint64_t scenario_key;   /* fingerprint of the scenario as run */
} shard_out_t;

/* Writes the shard file of ctx (a shard_out_t). */
int shard_write(FILE *f, const void *ctx);

/* Reads the n shard files `paths` (each a shard folder's replications.bin)
 * made from scenario s (fingerprint scenario_key, layout l) with `seed`,
 * and returns them as one run's results, summarised.  NULL with messages
 * in e (FILE:0:0 what is wrong) on a bad, mismatched or missing shard, or
 * replications missing or given twice, or results of more than max_bytes
 * (the run's memory limit, --max-memory).  *usage is 1 when the files or
 * the limit are at fault (exit 2), 0 on a failure of the machine. */
results_t *shard_merge(const scenario_t *s, const layout_t *l, uint64_t seed, uint64_t scenario_key,
                       char *const *paths, int n, double max_bytes, int *usage, errlist_t *e);

#endif
