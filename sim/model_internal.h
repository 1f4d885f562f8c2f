/* model_internal.h: the replication state shared by model.c (engine loop,
 * counting), community.c (orders), custody.c (release, licence, PSS, recall)
 * and stock.c (the starting stock).  Not for use outside the model. */
#ifndef CASEFLOW_MODEL_INTERNAL_H
#define CASEFLOW_MODEL_INTERNAL_H

#include <gsl/gsl_rng.h>

#include "engine.h"
#include "model.h"
#include "rulebook.h"
#include "staff.h"
#include "workforce.h"

#define ST_DONE 255
/* A licence past its active-supervision point (policy lever): recallable, and
 * in the caseload only if the lever says so.  A model state, not a stock type. */
#define ST_INACTIVE SUP_N
#define NSTATE (SUP_N + 1)

/* Pending event kinds of a case (stored in the case, see engine.h on why). */
enum { EV_NONE, EV_ORDER_END, EV_RELEASE, EV_LICENCE_END, EV_RECALL, EV_RERELEASE, EV_PSS_END, EV_INACTIVE };

/* Case flags */
enum { F_PSS = 1, F_TO_CUSTODY = 2, F_FROM_ORDER = 4, F_DIVERTED = 8, F_HDC = 16, F_AT_COURT = 32, F_EXTENDED = 64,
       F_STD_RECALL = 128 /* held on a standard (not fixed-term) recall */ };

/* A person holds one or more cases (orders, custodial sentences).  The
 * caseload counts people: once in each supervision type they have a case
 * of, and once in the total (as OMSQ counts); orders.* count cases.
 * Most people hold one case: such a case has person PERSON_SOLE and no
 * record (its state is its person's), so moving it touches no second
 * cache line; a record is made when a second case joins (model_join). */
#define PERSON_SOLE UINT32_MAX
typedef struct {
    uint16_t n[NSTATE];      /* this person's cases by state */
    uint16_t active;         /* cases in a state the caseload total counts */
    uint16_t ncase;          /* cases, in any state, not yet ended */
} person_t;

typedef struct {
    double t_sent;   /* start of the order; custody: the date the sentence counts
                        from (the date of sentence less the days on remand) */
    double len;      /* order length, or custodial sentence length (days) */
    double t_end;    /* community: when the order ends; custody: first release */
    union {
        double alt_len;  /* community: custodial term if revoked to custody;
                            custody: days on remand credited (sentenced on t_sent + alt_len) */
        double t_back;   /* custody, held on recall: the day the recall ends as drawn */
    };
    union {
        double rf;       /* custody, before first release: release fraction applied */
        double t_recall; /* custody, held on recall: the day of the recall */
    };
    uint64_t rng;    /* this case's recall stream */
    uint32_t seq;    /* sequence number of the one event the case waits for */
    uint32_t person; /* index in model.pers, or PERSON_SOLE */
    uint8_t state;   /* sup_type, or ST_DONE */
    uint8_t ev;      /* kind of that event */
    uint8_t tier;
    uint8_t disp;    /* disposal it started as */
    uint8_t reason;  /* community: end_reason */
    uint8_t flags;
    int16_t crd_off; /* custody: the release point (the end of the requisite
                        custodial period) less the first release, in 16ths of
                        a day: after it on HDC, before it when released from
                        court or by a tranche past it; PSS ends 12 months after
                        the point (CJA 2003 s.256AA(4)), custody_pss_end */
} case_t;

/* The phase a case's workload weight follows (only kept when the workload
 * depends on time in phase): what it added to the running sums, so it can be
 * taken off again when the case moves on. */
#define PH_NONE 0xffff
typedef struct {
    uint16_t a, b;           /* first month-end rows out of induction and in the
                                reduced weight of the phase the case is in
                                (order, licence, PSS); horizon + 1 if never */
    uint16_t key;            /* workload type x tiers + tier, or PH_NONE */
} phase_t;

/* Global event ids (case ids are below GLOBAL) */
#define GLOBAL 0x80000000u
enum { G_MONTH = 1, G_LEVER };
#define GLOBAL_ID(kind, idx) (GLOBAL | ((uint32_t)(kind) << 24) | (uint32_t)(idx))

struct model {
    const scenario_t *sc;
    rulebook_t *rb;        /* the rules, compiled from the scenario and its levers */
    const layout_t *lay;
    engine_t *eng;
    case_t *c;
    uint8_t *cst;          /* [capcase] each case's state, kept with c[].state: host
                              picks probe slots at random, and a byte array
                              stays in cache where the cases' 64-byte records
                              do not (a national model holds 20 MB of them) */
    uint32_t ncase, capcase;
    uint32_t *freelist;
    uint32_t nfree;
    int64_t *count;        /* [NSTATE * ntiers] cases by state and tier */
    person_t *pers;        /* [cappers] */
    uint32_t npers, cappers, *pfree, npfree;
    int64_t pcount[NSTATE];/* people with at least one case in each state */
    int64_t ptotal;        /* people the caseload total counts */
    int64_t pcourt;        /* people with a community order or an SSO (OMSQ's court-order sub-total) */
    /* month boundaries: bound[j + moff] = day of the end of month start+j,
     * j from -moff (warm-up) to horizon */
    double *bound;
    int moff, nbound;
    int cur;               /* output row receiving flows now */
    double *out;
    int nser;
    uint64_t rep_seed;
    /* streams */
    gsl_rng *r_arr, *r_tier, *r_dur, *r_out, *r_psr, *r_rec, *r_div, *r_stock, *r_rem;
    uint64_t *arr_state;   /* [ndisp] arrival stream states */
    uint64_t *arr_index;   /* [ndisp] arrivals so far */
    uint64_t *arr_key;     /* [ndisp] rng_mix(replication seed, disposal key): its cases' keys are mixed from it */
    double *arr_t;         /* a month's arrival times, disposal after disposal (month_arrivals) */
    size_t narr_t, caparr_t;
    size_t *arr_from;      /* [ndisp + 1] where each disposal's times start in arr_t */
    double *rate;          /* [ndisp * nbound] arrivals per day by month */
    model_stats st;
    uint64_t t_mark;       /* clock at the end of the last stage timed (model_stats.ns) */
    int oom;
    int over;              /* a limit of model_set_limits was passed */
    uint64_t max_people, max_events;
    int stock_error;       /* 1 + stock type that no new case could be drawn for, or 0 */
    /* workforce (when the scenario has one) */
    staff_t staff;
    gsl_rng *r_staff;
    int *other_idx;        /* [nother] series of the flow other work follows, or -1 */
    phase_t *ph;           /* [capcase], or NULL */
    double *wdiff;         /* [key x (horizon + 2) + row] changes of weight sums by
                              key (WL_N x tiers of them) and row */
    double wcum[WL_N * 64];/* running weight sums by key, up to row wrow - 1 */
    int wrow;
    /* A month end's workload waits for the reports written in that month
     * for sentences passed later: the caseload's weights are taken at the
     * month end (workload_snapshot), the rest once the next wl_lag months'
     * sentences are made (workload_month).  wl_lag = ceil(longest report
     * lead / 28 days), at most 14 (leads are at most 365 days). */
    int wl_lag, wl_next;   /* wl_next: the first row whose workload is not yet made */
    double wl_snap[16][2 * GR_N]; /* by row % (wl_lag + 1): workload, then cases, by grade */
    int *day_row;          /* [horizon days + 1] first month-end row on or after each day */
    /* stock.c's buffers, kept between replications */
    case_t *tpl;
    double *tpl_cum, *tpl_w;
    /* a scenario with regions: one model a region, run one after another
     * into scratch (nbase series a row), each copied to its columns of the
     * replication's rows; nothing above */
    int nsub;
    struct model **sub;
    double *scratch;
};

static inline void model_flow(model_t *m, int series, double v)
{
    m->out[(size_t)m->cur * (size_t)m->nser + (size_t)series] += v;
}

/* model_run is model_begin (reset, month events, levers, arrival streams),
 * stock_create, then model_dispatch for each event until it returns 1 (the
 * horizon).  Tests drive single cases through these directly. */
void model_begin(model_t *m, uint64_t rep_seed, double *out);
int model_dispatch(model_t *m, const event_t *ev);
uint32_t model_case_alloc(model_t *m);
/* Moves a case to a new state, keeping the counters right (ST_DONE exits). */
void model_move(model_t *m, case_t *c, int state);
/* Moves case c (in any state) from its person to host's person. */
void model_rehome(model_t *m, case_t *c, case_t *host);
/* Makes case c (new, not yet moved to a state) one of host's person's cases. */
void model_join(model_t *m, case_t *c, case_t *host);
/* Do cases a and b belong to one person? */
int model_same_person(const case_t *a, const case_t *b);
/* Cases c's person holds (not yet ended), and of them in state st. */
int model_person_cases(const model_t *m, const case_t *c);
int model_person_in(const model_t *m, const case_t *c, int st);
/* The case whose person a new sentence of disposal d (case `self`) is
 * passed on, or -1 for a new person (model.c says how; draws from r). */
int64_t model_pick_host(model_t *m, int d, double t, uint32_t self, gsl_rng *r);
/* A new sentence (case c, drawn, not yet started) passed on the person of
 * case `host`: c joins that person; a custodial sentence ends a community
 * order or SSO the host case is serving, on day t, as revoked. */
void model_join_sentence(model_t *m, case_t *c, uint32_t host, int custody, double t);
/* Cases of c's person in custody (pre-release or recalled), c included. */
int model_in_custody(const model_t *m, const case_t *c);
void model_schedule(model_t *m, uint32_t id, double t, int ev);
/* Seeds the per-case streams (tier, durations, outcome, reports, recall). */
void model_seed_case(model_t *m, case_t *c, uint64_t key);
/* Draws a tier index from the running sums of its shares and their guide
 * (inverse CDF; rulebook_t.tier_cum, tier_guide). */
uint8_t model_draw_tier(gsl_rng *r, const double *cum, const uint8_t *guide, int n);
/* The tier of a uniform u in [0, 1): the first k < n - 1 whose running sum
 * passes u, else n - 1. */
uint8_t model_tier_of(double u, const double *cum, const uint8_t *guide, int n);

/* community.c */
void community_draw(model_t *m, case_t *c, int d, double t);
void community_start(model_t *m, uint32_t id);
/* The custodial term of an order revoked to custody: the next draw on the
 * duration stream, right after community_draw (which draws it only for an
 * order it sends to custody). */
double community_custodial_term(model_t *m, const case_t *c);
void community_end(model_t *m, uint32_t id, double t);
/* An end_on_completion lever's date: the running orders it covers that would
 * complete end at its point of their length, or today if past it. */
void community_rule_event(model_t *m, const rb_event *ev, double t);
double community_phase(const case_t *c);

/* custody.c */
void custody_draw(model_t *m, case_t *c, int d, double t, double len);
void custody_start(model_t *m, uint32_t id, double t);
void custody_event(model_t *m, uint32_t id, double t, int ev);
void custody_licence_from(model_t *m, uint32_t id, double t);
void custody_after_licence(model_t *m, uint32_t id, double t);
double custody_pss_end(const model_t *m, const case_t *c);
/* A new release fraction rf for a case before its first release, on day t:
 * release at the new point, or today if it is past; an earlier HDC release
 * stands (the point and fraction still move).  Returns 1 if the release day
 * changed (to reschedule), 0 if the HDC day stands. */
int custody_move_release_point(case_t *c, double rf, double t);
/* The starting stock's templates under a release fraction rf in force from
 * before they were sentenced (a first-day tranche): the release point, a
 * release from court and an HDC day worked out again as custody_draw would
 * have on day t under rf (HDC kept only if it still comes first). */
void custody_restate_release(const model_t *m, case_t *c, double rf, double t);
/* A rulebook event on its date: a tranche release, or new recall draws. */
void custody_rule_event(model_t *m, const rb_event *ev, double t);

/* workload.c: workload and staff series of row j (month end), in two
 * steps: the caseload's weights at the month end, and the rest (reports,
 * other work, staff) once the reports written in the month are all drawn
 * (model_internal.h, wl_lag), rows in order. */
void workload_snapshot(model_t *m, int j);
void workload_month(model_t *m, int j, double *row);
/* 1 if the safeguard line is crossed at row j: column col (the service's
 * capacity %) of rows (stride doubles a row) above the line in every month
 * covering the weeks the rule asks for. */
int workload_safeguard(const prac_t *p, const double *rows, size_t stride, int col, int j);
/* Does a case's workload weight depend on its time in phase (so the model
 * keeps each case's phase, phase_t)? */
int workload_by_age(const scenario_t *s);
/* Records the workload phase of a case that just changed state. */
void workload_note(model_t *m, const case_t *c);

/* national.c: the national series (0 .. nbase-1 of each row of out) from
 * the regions' (region r's in columns nbase x (r + 1) onwards of each row) */
void national_sum(const scenario_t *s, const layout_t *l, double *out);

/* stock.c */
int stock_create(model_t *m);

#endif
