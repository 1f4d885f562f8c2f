/* scenario.h: a scenario file, checked and converted to the model's units.
 *
 * Pipeline position: YAML (conf.c) -> scenario_t (here) -> model (model.c).
 * Everything the model needs is here, in days and per-day rates; nothing in
 * the model reads YAML.  Disposals, tiers and report types are data: a new
 * disposal is a new YAML entry, not a new `if`.
 *
 * Ownership: scenario_load returns a scenario the caller frees with
 * scenario_free (NULL is a no-op); on any problem it returns NULL and has
 * appended one message per problem to the error list. */
#ifndef CASEFLOW_SCENARIO_H
#define CASEFLOW_SCENARIO_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "dist.h"
#include "error.h"

#define DAYS_PER_MONTH (365.25 / 12.0)
#define DAYS_PER_YEAR 365.25

/* Supervision types counted in the caseload, plus "recalled" (in custody on
 * recall: not in the community caseload, but a stock we start with). */
typedef enum { SUP_CO, SUP_SSO, SUP_PRE, SUP_LICENCE, SUP_PSS, SUP_RECALLED, SUP_N } sup_type;
extern const char *const sup_names[SUP_N];

typedef enum { KIND_CO, KIND_SSO, KIND_CUSTODY } disposal_kind;

#define SCENARIO_SHORT_NAME 40

typedef struct {
    char *name;
    disposal_kind kind;
    double volume;          /* sentences a year at the start month */
    double trend;           /* yearly growth rate, e.g. -0.02 */
    double season[12];      /* factor by calendar month (Jan..Dec), mean 1 */
    dist_t length;          /* order length or custodial sentence length, days */
    double band_lo, band_hi;/* custody band edges, days (length drawn inside) */
    double *tier_share;     /* [ntiers], sums to 1 */
    /* community orders and SSOs */
    double p_completed, p_early, p_revoked; /* sum to 1 */
    double early_at;        /* early termination at this fraction of length */
    double p_breach_custody;/* revoked order -> custody (SSO: activation) */
    dist_t breach_custody;  /* custodial term after revocation, days */
    /* people: the share of these sentences passed on someone already under
     * supervision or in custody (they join that person; see model.h) */
    double already_supervised;
    double already_in_custody; /* custody: the share passed on people in custody (serving or recalled) */
    /* custody */
    double release_fraction;/* point of release, share of sentence */
    double remand_share;    /* share of sentences with time on remand credited */
    dist_t remand_days;     /* days on remand, for those with some */
    double recall_factor;   /* recall hazard relative to custody.recall.monthly_rate */
    double hdc_eligible;    /* share of the band's sentences eligible for HDC (offence exclusions) */
    /* extended-licence sentences (EDS, sentences for offenders of particular
     * concern): a share of the band's sentences released at their own
     * fraction of the custodial term, on licence to its end plus an extension */
    double ext_share, ext_rf;
    dist_t ext_licence;     /* days of licence after the custodial term */
    /* reports */
    double psr_share;       /* share of sentences preceded by a report */
    double *psr_mix;        /* [nreports], sums to 1 */
    uint64_t key;           /* stream key, from the name */
} disposal_t;

typedef struct {
    int month;              /* YYYY*12 + MM-1 */
    double value;
} history_point;

struct lever;               /* policy levers, see policy.h */

typedef struct scenario {
    char *file;             /* path as given */
    char *name;
    char *short_name;       /* for chart titles and legends (at most
                               SCENARIO_SHORT_NAME bytes), or NULL: the name */
    char *description;
    int start;              /* month of the starting stock: YYYY*12 + MM-1 */
    int horizon;            /* months projected after the start */
    long replications;
    uint64_t seed;

    int ntiers;
    char **tiers;
    int nreports;
    char **reports;
    double *report_lead;    /* days before sentence the report is written */

    int ndisp;
    disposal_t *disp;

    /* starting stock */
    int warmup;             /* 0: build from `stock` counts; 1: warm-up run */
    double warmup_years;
    double stock[SUP_N];
    double stock_people;    /* people in the caseload at the start (each once), or 0: the types' sum */
    char *stock_file;       /* where the stock was given, for messages */
    int stock_line, stock_col;

    /* custody rules in force at the start */
    double pss_min_len, pss_max_len; /* PSS applies for min < length < max, days */
    double pss_days;        /* supervision topped up to this long after release */
    double pss_share;       /* share of eligible releases actually supervised on PSS */
    double recall_rate;     /* recalls per day on licence */
    double ftr_share;       /* share of recalls that are fixed-term */
    double ftr_short, ftr_long, ftr_threshold; /* days */
    dist_t std_recall;      /* days in custody on a standard recall */
    /* home detention curfew (HDC); hdc_on 0 when not given */
    int hdc_on;
    double hdc_min_len, hdc_max_len; /* eligible sentence lengths, days: min <= L < max */
    double hdc_window;      /* days before the release point, at most */
    double hdc_min_days, hdc_min_fraction; /* served before HDC: at least these days and this share of the custodial part */
    double hdc_take_up;     /* share of eligible people released on HDC */

    /* observed history for charts: caseload.total */
    int nhistory;
    history_point *history;
    char *history_source;
    char *demand_path;       /* the `demand:` path run, or NULL */

    /* workload and staff (workforce.h); NULL when not given */
    /* policy levers; may be empty */
    int nlevers;
    struct lever *levers;
    /* workload and staff (workforce.h); NULL when not given */
    struct workforce *wf;

    /* ranges on the assumptions (uncertain.h); each replication draws its
     * own values unless `central` (--central: every range at its central
     * value, as a scenario written with plain numbers) */
    int nranges;
    struct unc_range *ranges;
    int central;
    /* regions (regions.h); 0 and NULL without a `regions:` section */
    int nregions;
    struct region *regions;
    struct scenario **region_sc;     /* [nregions] each region as a scenario of its own */
    /* in a region's own scenario: its national scenario and its index there
     * (NULL and 0 in a national one) */
    const struct scenario *parent;
    int region;
    double *count_scale;             /* [param_count] factor of national counts here, or NULL */
} scenario_t;

scenario_t *scenario_load(const char *path, errlist_t *e);
void scenario_free(scenario_t *s);
/* A short plain-English description (what `caseflow check` prints). */
void scenario_describe(const scenario_t *s, FILE *out);

/* Readers shared with policy.c (see conf.h for the error contract). */
struct cnode;
/* A name that becomes part of series names: 1 to 64 letters, digits, '_'
 * or '-'.  0, or -1 after reporting at n. */
int scenario_check_name(errlist_t *e, struct cnode *n, const char *s);
/* People counted once against the supervision types' sum (stock[SUP_N]):
 * between half the sum and the sum.  0, or -1 after reporting at n. */
int scenario_check_people(errlist_t *e, struct cnode *n, double people, const double *stock);
int scenario_read_dist(errlist_t *e, struct cnode *n, double unit, const char *what, dist_t *d);
int scenario_read_shares(errlist_t *e, struct cnode *n, int nn, char *const *names,
                         const char *what, double *out);
/* The file's YAML tree with `extends:` merged, every node with its file and
 * line (for `caseflow params`); the caller frees it with cn_free. */
struct cnode *scenario_tree(const char *path, errlist_t *e);
/* Release fraction for a custodial term of `len` days that did not come from
 * a custody disposal (an activated SSO, a revoked order): that of the custody
 * band containing the length, or of the nearest band. */
double scenario_release_fraction_for(const scenario_t *s, double len);

/* Calendar helpers: months are YYYY*12 + MM-1. */
void month_label(int month, char buf[8]);   /* "YYYY-MM" */
int days_in_month(int month);
/* Days from the end of the start month to the end of start+k. */
double month_end_day(const scenario_t *s, int k);
/* When the rules of row `row`, the month ending on day `end`, are read (its
 * workload, staff and costs): the instant before its end.  The month end is
 * the same instant as the next month's 1st, so a rule from that 1st belongs
 * to the next month's row; a rule phased in reaches the same value as at the
 * end itself.  Row 0, the starting stock, reads the rules in force at the
 * start, as the stock is drawn with them. */
static inline double month_rules_day(double end, int row) { return row > 0 ? nextafter(end, -INFINITY) : end; }

#endif
