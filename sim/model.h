/* model.h: one replication of the probation flow model.
 *
 * Pipeline position: scenario_t -> model (this) -> results.  A model_t holds
 * everything one replication needs: the event engine, the cases, the counters
 * and the random streams.  Nothing is static, so one model per thread runs
 * replications in parallel, and the output depends only on the seed.
 *
 * Output of model_run: a (horizon + 1) x nseries array of doubles, row k for
 * the end of month start + k.  Stocks (caseload, custody) are counts of people
 * at the month end; flows (starts, ends, recalls, reports) are counts during
 * the month; flows in row 0 (the starting stock) are left at 0.
 *
 * Ownership: model_create allocates (NULL on out of memory), model_free frees
 * (NULL is a no-op).  The scenario must outlive the model. */
#ifndef CASEFLOW_MODEL_H
#define CASEFLOW_MODEL_H

#include <stdint.h>

#include "scenario.h"

/* The series one replication produces, by name, in output order. */
typedef struct {
    int n;
    char **name;
    unsigned char *is_flow;
    /* fixed positions */
    int total, sup[SUP_N], inactive, custody_sentenced, custody_recalled;
    int court;     /* caseload.court_order: people on a community order or SSO, each once */
    int recalls, recalls_fixed, recalls_standard, releases, exits;
    int releases_hdc, releases_at_court, orders_total, orders[SUP_N], orders_inactive;
    int starts0;   /* starts.<disposal>: starts0 + d */
    int *release_band; /* releases.band.<band>: release_band[d] for custody band d, else -1 */
    int ends0;     /* ends.<disposal>.<reason>: ends0 + d * END_N + reason */
    int psr0;      /* psr.<type>: psr0 + r */
    int tier0;     /* caseload.tier.<tier>: tier0 + k */
    int wf0;       /* workload and staff series: wf0 + WF_*, or -1 without a workforce */
    int pr0;       /* practitioners' series: pr0 + PR_*, or -1 without a practitioners: section */
    int wt0;       /* by work type i: hours.workload.<type> wt0 + 2i, hours.suspended.<type> wt0 + 2i + 1 */
    /* regions (regions.h): the national series are 0 .. nbase-1, and region
     * r's the same series as region.<name>.<series> at nbase (1 + r) on;
     * without regions nbase = n */
    int nbase, nreg;
} layout_t;

/* Workload and staff series, in layout order from wf0. */
enum {
    WF_WORKLOAD_PO, WF_WORKLOAD_PSO, WF_WORKLOAD_TOTAL,
    WF_REQ_PO, WF_REQ_PSO, WF_REQ_TOTAL,
    WF_AVAIL_PO, WF_AVAIL_PSO, WF_AVAIL_TRAINEE, WF_AVAIL_TOTAL,
    WF_EFF_TRAINEE,
    WF_INPOST_PO, WF_INPOST_PSO,
    WF_GAP_PO, WF_GAP_PSO, WF_GAP_TOTAL,
    WF_CAP_PO, WF_CAP_PSO, WF_CAP_TOTAL,
    WF_CASES_PO, WF_CASES_PSO,
    WF_COST_GAP,   /* the net gap's yearly cost: the staff in post behind it (over the
                      holding share) with on-costs, as compare's derived.cost_gap */
    WF_CAPPTS_PO, WF_CAPPTS_PSO, WF_CAPPTS_TOTAL, /* what the available staff can carry a month */
    /* the staff short where short: a grade's gap when positive, and their
     * sum; a surplus of one grade (or, summed nationally, of one region)
     * offsets no shortfall of another (WF_GAP_TOTAL nets them); its cost
     * is that of the staff in post behind them (over the holding share),
     * as compare's derived.cost_short */
    WF_SHORT_PO, WF_SHORT_PSO, WF_SHORT_TOTAL,
    WF_COST_SHORT,
    WF_N
};
extern const char *const wf_series_names[WF_N];

/* Practitioners' series (workforce.practitioners), in layout order from pr0:
 * shares (%) and numbers (FTE) of case-holding practitioners over 100% and
 * 110% and over 110% for four consecutive weeks, by grade; workload per
 * case-holding FTE; hours a month; supervisors; the safeguard (1 = declared). */
enum {
    PR_OVER100_PCT_PO, PR_OVER100_PCT_PSO, PR_OVER100_PCT_TOTAL,
    PR_OVER110_PCT_PO, PR_OVER110_PCT_PSO, PR_OVER110_PCT_TOTAL,
    PR_OVER110_4W_PCT_PO, PR_OVER110_4W_PCT_PSO, PR_OVER110_4W_PCT_TOTAL,
    PR_OVER110_PO, PR_OVER110_PSO, PR_OVER110_TOTAL,
    PR_OVER110_4W_PO, PR_OVER110_4W_PSO, PR_OVER110_4W_TOTAL,
    PR_POINTS_PER_FTE,
    PR_HOURS_CONTRACTED, PR_HOURS_WORKLOAD, PR_HOURS_PAID, PR_HOURS_UNPAID, PR_HOURS_SUSPENDED, PR_COST_OVERTIME,
    PR_SPO_NEEDED, PR_SPO_AVAILABLE, PR_SPO_IN_POST, PR_SPO_GAP, PR_SPO_COST_GAP, PR_SPO_LOST_PCT, PR_SPO_NEEDED_WORKLOAD,
    PR_SAFEGUARD,
    PR_N
};
extern const char *const pr_series_names[PR_N];

typedef enum { END_COMPLETED, END_EARLY, END_REVOKED, END_REVOKED_CUSTODY, END_N } end_reason;
extern const char *const end_names[END_N];

layout_t *layout_create(const scenario_t *s);
void layout_free(layout_t *l);
int layout_find(const layout_t *l, const char *name); /* -1 if absent */

typedef struct model model_t;

/* Stages of a replication, for the timings (make bench): resetting and
 * drawing the starting stock, making each month's new cases, the events
 * in between (releases, recalls, ends...), and the month-end counts with
 * workload and staff.  Each is timed on its own: together they are the
 * replication's time, less the draws of its assumptions. */
enum { MS_STOCK, MS_ARRIVALS, MS_EVENTS, MS_MONTH_ENDS, MS_N };
extern const char *const model_stage_names[MS_N];

typedef struct {
    uint64_t events;      /* events handled */
    uint64_t people_in;   /* stock + new cases */
    uint64_t people_out;  /* left supervision */
    uint64_t active;      /* still under supervision (or recalled) at the horizon */
    uint64_t ns[MS_N];    /* wall-clock nanoseconds in each stage (timing only: never in an output file) */
} model_stats;

model_t *model_create(const scenario_t *s, const layout_t *l);
void model_free(model_t *m);

/* What one replication of a scenario asks for, worked out from its rates
 * without running it (budget.c turns this into seconds and bytes). */
typedef struct {
    double arrivals;      /* expected new cases, warm-up included */
    double stock;         /* people in the starting stock (recalled included) */
    double peak_people;   /* upper estimate of people held at once */
    double events;        /* expected events */
} model_estimate_t;
void model_estimate(const model_t *m, model_estimate_t *out);

/* Hard limits for one replication (0: none).  Past max_people held at once
 * or max_events handled, model_run stops and returns -3. */
void model_set_limits(model_t *m, uint64_t max_people, uint64_t max_events);

/* Checks what only the model can see: that every stock type can be drawn
 * from the intake (the stock is drawn for one replication, as `run` would)
 * and that other work follows a flow series that exists.  Returns 0, or -1
 * with messages at the scenario's lines. */
int model_check(const scenario_t *s, const layout_t *l, errlist_t *e);
/* Runs one replication with streams derived from rep_seed into out
 * ((horizon+1) * l->n doubles, overwritten).  Returns 0, -1 on out of
 * memory, -2 if the starting stock cannot be drawn from the intake (a
 * stock type no new case ever reaches, e.g. licences when every sentence is
 * served in full), or -3 past a limit of model_set_limits. */
int model_run(model_t *m, uint64_t rep_seed, double *out);
/* The same with the assumptions drawn from draw_seed and the streams from
 * rep_seed (a region's, model.c; model_run uses one seed for both). */
int model_run_streams(model_t *m, uint64_t draw_seed, uint64_t rep_seed, double *out);
model_stats model_last_stats(const model_t *m);

#endif
