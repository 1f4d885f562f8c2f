/* table.h: what charts are drawn from, whether fresh or re-read.
 *
 * A ptable_t holds, for every series and month, the mean and the 5th, 50th
 * and 95th percentiles, exactly as series.csv holds them: values from memory
 * are rounded to the CSV's two decimals, so a chart drawn straight after a
 * run and one re-drawn from series.csv are the same bytes.  A pmeta_t holds
 * what the footer and the observed points need (run.yaml in OUTDIR).
 *
 * Ownership: *_from_* and *_read return allocations freed by ptable_free /
 * pmeta_free (NULL ok). */
#ifndef CASEFLOW_TABLE_H
#define CASEFLOW_TABLE_H

#include <assert.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "regions.h"
#include "results.h"
#include "scenario.h"

enum { ST_MEAN, ST_P5, ST_P50, ST_P95, ST_N };

typedef struct {
    int start;    /* month of row 0, YYYY*12+MM-1 */
    int nmonth;
    int nser;
    char **name;
    double *v;    /* [series][stat][month], NAN where absent */
} ptable_t;

/* Series s (0 <= s < nser: look it up with ptable_find and check for -1
 * first), statistic stat: nmonth values. */
static inline double *ptable_row(const ptable_t *t, int s, int stat)
{
    assert(s >= 0 && s < t->nser && stat >= 0 && stat < ST_N);
    return t->v + ((size_t)s * ST_N + (size_t)stat) * (size_t)t->nmonth;
}

#define PMETA_LEVERS 12
#define PMETA_REGIONS REGIONS_MAX
typedef struct {
    char *scenario;
    long replications;
    unsigned long long seed;
    char made[16];        /* YYYY-MM-DD */
    int nhist;
    history_point *hist;
    char *hist_source;
    int policy_month;     /* first lever, or -1 */
    char *policy_label;   /* e.g. "Presumption from Apr 2026" or NULL */
    /* every lever within the horizon, in date order (the first is also
     * policy_month/policy_label); at most PMETA_LEVERS */
    int nlever;
    int lever_month[PMETA_LEVERS];
    char *lever_label[PMETA_LEVERS];
    /* what the intervals cover: the number of assumptions drawn (0: random
     * variation only), or -1 when run.yaml does not say (made before) */
    int assumptions;
    /* the 25th and 75th percentiles of caseload.total by month (the fan
     * chart's 50% band; series.csv keeps its four columns), rounded like
     * the CSV; nfan 0 when absent */
    int nfan;
    double *fan25, *fan75;
    /* the scenario's regions in its order (regions.h): the series-name word
     * and the label people read; 0 without regions or when run.yaml does not
     * say (made before regions had labels there) */
    int nregion;
    char *region_name[PMETA_REGIONS];
    char *region_label[PMETA_REGIONS];
} pmeta_t;

struct scenario;
ptable_t *ptable_create(int start, int nmonth, int nser);
/* Rounds like the CSV ("%.2f" then read back). */
double ptable_round(double v);
/* What ptable_read_csv accepts: a regular file of at most CSV_MAX_BYTES,
 * lines shorter than CSV_MAX_LINE bytes, the header, then rows
 * "YYYY-MM,name,mean,p5,p50,p95": 1900 <= YYYY <= 2200, at most
 * CSV_MAX_MONTHS months from the first to the last (a run is at most 601),
 * at most CSV_MAX_SERIES names of 1 to CSV_MAX_NAME bytes of printable
 * UTF-8, decimal values with |v| <= CSV_MAX_VALUE (no inf or nan), and one
 * row per month and series.  Blank lines are skipped.  Anything else is
 * refused with one FILE:LINE:COLUMN message and NULL. */
/* What a run may write (results_check_size refuses a scenario that would
 * write more). */
#define CSV_MAX_BYTES RESULTS_MAX_CSV_BYTES
#define CSV_MAX_LINE 1024
#define CSV_MAX_MONTHS 720
#define CSV_MAX_SERIES RESULTS_MAX_SERIES
#define CSV_MAX_NAME 255
#define CSV_MAX_VALUE 1e12
ptable_t *ptable_read_csv(const char *path, errlist_t *e);
/* The same for a comparison's levels.csv or difference.csv, whose rows
 * start with the scenario's stem: "scenario,month,series,mean,p5,p50,p95".
 * The stem must be one of keys[0..nkey-1]; out[i] gets keys[i]'s rows (every
 * series name of the file, NAN where keys[i] has no row).  The same bounds,
 * and at most CSV_MAX_SERIES x CSV_MAX_MONTHS values over all the tables,
 * but files of up to CSV_MAX_KEYED_BYTES: a comparison of several scenarios
 * with regions writes hundreds of MB.  With want (not NULL), the tables
 * hold only the nwant series named there (NAN where the file has none;
 * every row is still checked), so the bound on values is on those: what a
 * comparison's charts need from a large file.  0, or -1 with one
 * FILE:LINE:COLUMN message and every out[i] NULL. */
#define CSV_MAX_KEYED_BYTES (1024L * 1024 * 1024)
int ptable_read_keyed(const char *path, int nkey, char *const *keys, const char *const *want, int nwant, ptable_t **out,
                      errlist_t *e);
int ptable_find(const ptable_t *t, const char *name);
void ptable_free(ptable_t *t);

/* The series of each region that a run's charts draw (regions_charts.c):
 * "region.NAME." and one of these. */
#define PTABLE_REGION_CAPACITY "staff.capacity_pct.total"
#define PTABLE_REGION_GAP "staff.gap_fte.total"   /* net of spare staff: drawn only when a table has no */
#define PTABLE_REGION_SHORT "staff.short_fte.total" /* staff short, each grade where short */

/* From a finished run (needs results.h's results_t): the national series
 * and, of each region's, the two its charts draw (a table of every series
 * of a twelve-region run is 7 MB; series.csv has them all). */
struct results_s;
ptable_t *ptable_from_results(const void *results);
pmeta_t *pmeta_from_scenario(const scenario_t *s, long reps, unsigned long long seed, const char *made);
/* The fan of caseload.total from a finished run (results.h); 0 or -1 (memory). */
int pmeta_fan_from_results(pmeta_t *m, const void *results);
/* Today's date, UTC, as YYYY-MM-DD. */
void pmeta_today(char buf[16]);

int pmeta_write(FILE *f, const void *meta);
/* key: "s" in YAML, '"' and '\\' escaped, control characters dropped. */
void ptable_put_str(FILE *f, const char *key, const char *s);
/* s is YYYY-MM-DD with 1900 <= YYYY <= 2200. */
int ptable_is_date(const char *s);
pmeta_t *pmeta_read(const char *path, errlist_t *e);
/* run.yaml's (and compare.yaml's) `regions:`, a list of at most
 * PMETA_REGIONS {name, label}: a name as a scenario's (1 to 64 letters,
 * digits, '_' or '-'), each once, and a label of 1 to 64 bytes without
 * control characters.  Absent: none.  *nregion starts at 0 and counts the
 * names copied into name[] and label[] (the caller frees them, on error
 * too); 0, or 1 after a message. */
struct cnode;
int pmeta_read_regions(errlist_t *e, struct cnode *root, int *nregion, char **name, char **label);
void pmeta_put_regions(FILE *f, int n, char *const *name, char *const *label);
void pmeta_free(pmeta_t *m);

#endif
