/* results.h: replications in memory, their percentiles, and the output files.
 *
 * Pipeline position: model runs fill one row block per replication; then
 * results_summarise computes mean and the 5th, 50th and 95th percentiles
 * (linear interpolation between order statistics, GSL's quantile rule) for
 * every month and series; the writers turn that into series.csv and
 * summary.txt.  Every output file is written to a temporary name and renamed,
 * so a failed run never leaves a half-written file.
 *
 * Ownership: results_create allocates, results_free frees (NULL ok). */
#ifndef CASEFLOW_RESULTS_H
#define CASEFLOW_RESULTS_H

#include <stdint.h>
#include <stdio.h>

#include "model.h"
#include "numfmt.h"

typedef struct results_s {
    const scenario_t *sc;
    const layout_t *lay;
    int nrep, nmonth, nser;
    int first;                 /* replication number of block 0 (a shard's first; else 0) */
    double *v;                 /* [rep][month][series] */
    double *mean, *p5, *p50, *p95; /* [month][series], after results_summarise */
    double *p25, *p75;         /* [month] quartiles of caseload.total (the fan chart's 50% band; not in series.csv) */
    uint64_t seed;
    int jobs;
    double seconds;
    uint64_t events;
    double stage_s[MS_N];      /* seconds in each stage of the model, over all replications and threads (0: not timed, e.g. merged) */
} results_t;

/* The most series.csv may hold, so that `caseflow plot` and `brief` read
 * whatever a run writes (plots/table.h reads up to these). */
#define RESULTS_MAX_SERIES 16384
#define RESULTS_MAX_CSV_BYTES (2048L * 1024 * 1024)
/* Refuses (FILE: message, -1) a scenario whose series.csv would pass
 * those limits: regions x disposals x months; 0 if it fits. */
int results_check_size(const scenario_t *s, const layout_t *l, errlist_t *e);

results_t *results_create(const scenario_t *s, const layout_t *l, int nrep);
void results_free(results_t *r);
static inline double *results_rep(results_t *r, int rep)
{
    return r->v + (size_t)rep * (size_t)r->nmonth * (size_t)r->nser;
}
int results_summarise(results_t *r);
/* Frees the values of every replication (v), which nothing after
 * results_summarise reads but a shard's file and validate. */
void results_drop_replications(results_t *r);
/* Frees everything but the run's facts (counts, seed, timing): for when
 * only what was made from it (a chart table, a summary's text) is left to use. */
void results_drop_values(results_t *r);
/* Summary of `col(month, series)`: index into mean/p5/p50/p95. */
static inline size_t results_at(const results_t *r, int month, int series)
{
    return (size_t)month * (size_t)r->nser + (size_t)series;
}

/* Tidy CSV: month,series,mean,p5,p50,p95 (flows from month 1). */
int results_write_series(FILE *f, const void *results);
/* summary.txt: the same bytes for the same run, so no timings in it. */
int results_write_summary(FILE *f, const void *results);
/* "Run time: S s on N threads, E events, R events/s", then where the
 * model's time went by stage when it was timed (printed, not saved). */
void results_write_timing(FILE *f, const results_t *r);

/* Distribution over replications of a per-replication value computed from
 * each replication's block (used for differences and derived series). */
/* First month index from `from` whose median of series s is above x (-1
 * if none), and in *months how many months in a row it stays above. */
int results_first_above(const results_t *r, int s, double x, int from, int *months);
void results_quantiles(double *x, int n, double *mean, double *p5, double *p50, double *p95);

/* Creates dir (and parents).  Returns 0 or -1 with a message in e. */
int out_mkdir(const char *dir, errlist_t *e);
/* Writes dir/name through a temporary file and rename. */
int out_write(const char *dir, const char *name, int (*fn)(FILE *, const void *),
              const void *ctx, errlist_t *e);


#define CASEFLOW_VERSION "0.1.0"

#endif
