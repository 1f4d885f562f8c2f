/* model.c: one replication: the event loop, arrivals, counting at month ends.
 *
 * The flow rules live in community.c (orders), custody.c (release, licence,
 * PSS, recall) and stock.c (the people already under supervision at the
 * start); every rule a lever can change is read from the rulebook
 * (rulebook.h), compiled once per model from the scenario and its levers. */
#include "model_internal.h"

#include <assert.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "regions.h"
#include "rng.h"

const char *const model_stage_names[MS_N] = { "starting stock", "new cases", "events", "month ends" };

/* Monotonic clock in nanoseconds, for the stage timings only. */
static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

const char *const end_names[END_N] = { "completed", "early_termination", "revoked", "revoked_to_custody" };

const char *const wf_series_names[WF_N] = {
    "workload.points.probation_officer", "workload.points.probation_services_officer", "workload.points.total",
    "staff.required_fte.probation_officer", "staff.required_fte.probation_services_officer", "staff.required_fte.total",
    "staff.available_fte.probation_officer", "staff.available_fte.probation_services_officer",
    "staff.available_fte.trainee", "staff.available_fte.total",
    "staff.effective_fte.trainee",
    "staff.in_post_fte.probation_officer", "staff.in_post_fte.probation_services_officer",
    "staff.gap_fte.probation_officer", "staff.gap_fte.probation_services_officer", "staff.gap_fte.total",
    "staff.capacity_pct.probation_officer", "staff.capacity_pct.probation_services_officer", "staff.capacity_pct.total",
    "staff.cases_per_fte.probation_officer", "staff.cases_per_fte.probation_services_officer",
    "staff.cost_gap",
    "staff.capacity_points.probation_officer", "staff.capacity_points.probation_services_officer",
    "staff.capacity_points.total",
    "staff.short_fte.probation_officer", "staff.short_fte.probation_services_officer", "staff.short_fte.total",
    "staff.cost_short",
};

const char *const pr_series_names[PR_N] = {
    "practitioners.over_100_pct.probation_officer", "practitioners.over_100_pct.probation_services_officer",
    "practitioners.over_100_pct.total",
    "practitioners.over_110_pct.probation_officer", "practitioners.over_110_pct.probation_services_officer",
    "practitioners.over_110_pct.total",
    "practitioners.over_110_4wk_pct.probation_officer", "practitioners.over_110_4wk_pct.probation_services_officer",
    "practitioners.over_110_4wk_pct.total",
    "practitioners.over_110.probation_officer", "practitioners.over_110.probation_services_officer",
    "practitioners.over_110.total",
    "practitioners.over_110_4wk.probation_officer", "practitioners.over_110_4wk.probation_services_officer",
    "practitioners.over_110_4wk.total",
    "workload.points_per_fte.total",
    "hours.contracted", "hours.workload", "hours.paid_overtime", "hours.unpaid_overtime", "hours.suspended",
    "staff.cost_paid_overtime",
    "staff.spo.needed_fte", "staff.spo.available_fte", "staff.spo.in_post_fte", "staff.spo.gap_fte",
    "staff.spo.cost_gap", "staff.spo.capacity_lost_pct", "staff.spo.needed_for_workload_fte",
    "safeguard.declared",
};

/* ---- series layout ------------------------------------------------------- */

static int lay_add(layout_t *l, int cap, int flow, const char *fmt, const char *a, const char *b)
{
    if (l->n >= cap) return -1;
    char buf[256];
    snprintf(buf, sizeof buf, fmt, a, b);
    size_t n = strlen(buf) + 1;
    l->name[l->n] = malloc(n);
    if (!l->name[l->n]) return -1;
    memcpy(l->name[l->n], buf, n);
    l->is_flow[l->n] = (unsigned char)flow;
    return l->n++;
}

/* region.<name>.<series> for every region and national series. */
static int layout_regions(layout_t *l, const scenario_t *s)
{
    int nb = l->nbase, cap = nb * (1 + s->nregions);
    char **name = realloc(l->name, (size_t)cap * sizeof *name);
    if (!name) return 1;
    l->name = name;
    unsigned char *fl = realloc(l->is_flow, (size_t)cap);
    if (!fl) return 1;
    l->is_flow = fl;
    for (int r = 0; r < s->nregions; r++)
        for (int i = 0; i < nb; i++)
            if (lay_add(l, cap, l->is_flow[i], "region.%s.%s", s->regions[r].name, l->name[i]) < 0) return 1;
    l->nreg = s->nregions;
    return 0;
}

layout_t *layout_create(const scenario_t *s)
{
    layout_t *l = calloc(1, sizeof *l);
    if (!l) return NULL;
    int cap = 48 + s->ndisp * (2 + END_N) + s->nreports + s->ntiers + WF_N + PR_N + 2 * (s->wf ? s->wf->prac.ntypes : 0);
    l->name = calloc((size_t)cap, sizeof *l->name);
    l->is_flow = calloc((size_t)cap, 1);
    l->release_band = calloc((size_t)s->ndisp + 1, sizeof *l->release_band);
    if (!l->name || !l->is_flow || !l->release_band) { layout_free(l); return NULL; }
    int bad = 0;
    bad |= (l->total = lay_add(l, cap, 0, "caseload.total%s%s", "", "")) < 0;
    for (int t = 0; t < SUP_RECALLED; t++)
        bad |= (l->sup[t] = lay_add(l, cap, 0, "caseload.%s%s", sup_names[t], "")) < 0;
    bad |= (l->inactive = lay_add(l, cap, 0, "caseload.licence_inactive%s%s", "", "")) < 0;
    bad |= (l->court = lay_add(l, cap, 0, "caseload.court_order%s%s", "", "")) < 0;
    bad |= (l->custody_sentenced = lay_add(l, cap, 0, "custody.sentenced%s%s", "", "")) < 0;
    bad |= (l->custody_recalled = lay_add(l, cap, 0, "custody.recalled%s%s", "", "")) < 0;
    l->sup[SUP_RECALLED] = l->custody_recalled;
    for (int k = 0; k < s->ntiers; k++) {
        int i = lay_add(l, cap, 0, "caseload.tier.%s%s", s->tiers[k], "");
        bad |= i < 0;
        if (k == 0) l->tier0 = i;
    }
    bad |= (l->recalls = lay_add(l, cap, 1, "recalls%s%s", "", "")) < 0;
    bad |= (l->recalls_fixed = lay_add(l, cap, 1, "recalls.fixed_term%s%s", "", "")) < 0;
    bad |= (l->recalls_standard = lay_add(l, cap, 1, "recalls.standard%s%s", "", "")) < 0;
    bad |= (l->releases = lay_add(l, cap, 1, "releases%s%s", "", "")) < 0;
    bad |= (l->releases_hdc = lay_add(l, cap, 1, "releases.hdc%s%s", "", "")) < 0;
    bad |= (l->releases_at_court = lay_add(l, cap, 1, "releases.at_court%s%s", "", "")) < 0;
    bad |= (l->orders_total = lay_add(l, cap, 0, "orders.total%s%s", "", "")) < 0;
    for (int t = 0; t < SUP_N; t++)
        bad |= (l->orders[t] = lay_add(l, cap, 0, "orders.%s%s", sup_names[t], "")) < 0;
    bad |= (l->orders_inactive = lay_add(l, cap, 0, "orders.licence_inactive%s%s", "", "")) < 0;
    bad |= (l->exits = lay_add(l, cap, 1, "exits%s%s", "", "")) < 0;
    l->starts0 = l->n;
    for (int d = 0; d < s->ndisp; d++) bad |= lay_add(l, cap, 1, "starts.%s%s", s->disp[d].name, "") < 0;
    for (int d = 0; d < s->ndisp; d++)
        l->release_band[d] = s->disp[d].kind == KIND_CUSTODY ? lay_add(l, cap, 1, "releases.band.%s%s", s->disp[d].name, "") : -1;
    for (int d = 0; d < s->ndisp; d++) bad |= s->disp[d].kind == KIND_CUSTODY && l->release_band[d] < 0;
    l->ends0 = l->n;
    for (int d = 0; d < s->ndisp; d++)
        for (int r = 0; r < END_N; r++)
            bad |= lay_add(l, cap, 1, "ends.%s.%s", s->disp[d].name, end_names[r]) < 0;
    l->psr0 = l->n;
    for (int r = 0; r < s->nreports; r++) bad |= lay_add(l, cap, 1, "psr.%s%s", s->reports[r], "") < 0;
    l->wf0 = -1;
    if (s->wf) {
        l->wf0 = l->n;
        for (int i = 0; i < WF_N; i++) bad |= lay_add(l, cap, 0, "%s%s", wf_series_names[i], "") < 0;
    }
    l->pr0 = l->wt0 = -1;
    if (s->wf && s->wf->prac.on) {
        const prac_t *p = &s->wf->prac;
        l->pr0 = l->n;
        for (int i = 0; i < PR_N; i++) bad |= lay_add(l, cap, 0, "%s%s", pr_series_names[i], "") < 0;
        l->wt0 = l->n;
        for (int i = 0; i < p->ntypes; i++) {
            bad |= lay_add(l, cap, 0, "hours.workload.%s%s", p->type_name[i], "") < 0;
            bad |= lay_add(l, cap, 0, "hours.suspended.%s%s", p->type_name[i], "") < 0;
        }
    }
    l->nbase = l->n;
    if (!bad && s->nregions) bad = layout_regions(l, s);
    if (bad) { layout_free(l); return NULL; }
    return l;
}

void layout_free(layout_t *l)
{
    if (!l) return;
    for (int i = 0; i < l->n; i++) free(l->name[i]);
    free(l->name);
    free(l->is_flow);
    free(l->release_band);
    free(l);
}

int layout_find(const layout_t *l, const char *name)
{
    for (int i = 0; i < l->n; i++)
        if (!strcmp(l->name[i], name)) return i;
    return -1;
}

/* ---- create / free --------------------------------------------------------- */


void model_free(model_t *m)
{
    if (!m) return;
    for (int r = 0; r < m->nsub; r++) model_free(m->sub[r]);
    free(m->sub);
    free(m->scratch);
    engine_free(m->eng);
    free(m->c);
    free(m->cst);
    free(m->freelist);
    free(m->count);
    free(m->pers);
    free(m->pfree);
    free(m->bound);
    free(m->arr_state);
    free(m->arr_index);
    free(m->arr_key);
    free(m->arr_t);
    free(m->arr_from);
    free(m->rate);
    if (m->sc->wf) staff_free(&m->staff);
    free(m->other_idx);
    free(m->ph);
    free(m->wdiff);
    free(m->day_row);
    free(m->tpl);
    free(m->tpl_cum);
    free(m->tpl_w);
    rulebook_free(m->rb);
    gsl_rng *rs[] = { m->r_arr, m->r_tier, m->r_dur, m->r_out, m->r_psr, m->r_rec, m->r_div, m->r_stock, m->r_staff, m->r_rem };
    for (size_t i = 0; i < sizeof rs / sizeof rs[0]; i++)
        if (rs[i]) gsl_rng_free(rs[i]);
    free(m);
}

/* Arrival rates per day by month: volume (the rulebook's, drawn and levers
 * included) x season x trend. */
static void arrival_rates(model_t *m)
{
    const scenario_t *s = m->sc;
    for (int d = 0; d < s->ndisp; d++) {
        const disposal_t *dp = &s->disp[d];
        for (int j = 1 - m->moff; j <= s->horizon; j++) {
            int mon = s->start + j;
            double lo = m->bound[m->moff + j - 1], hi = m->bound[m->moff + j];
            double mid = (lo + hi) / 2;
            double r = rb_at(m->rb, param_disp(s, d, PD_VOLUME), mid) / DAYS_PER_YEAR * dp->season[mon % 12] *
                       pow(1 + dp->trend, mid / DAYS_PER_YEAR);
            m->rate[(size_t)d * (size_t)m->nbound + (size_t)(m->moff + j)] = r;
        }
    }
}

/* The working arrays a run fills (cases, people, phases, the queue), for
 * about cap0 cases to start with; they grow as a run needs. */
static int work_alloc(model_t *m, uint32_t cap0)
{
    const scenario_t *s = m->sc;
    /* six days a bucket: about 500 events each in a region's run (two days
     * gave about 180, and each bucket's sort and arrays have a fixed cost:
     * 0.7% more instructions a replication); the order is the same */
    m->eng = engine_create(cap0, 6.0);
    m->capcase = m->cappers = cap0;
    m->c = malloc(cap0 * sizeof *m->c);
    m->cst = malloc(cap0 * sizeof *m->cst);
    m->freelist = malloc(cap0 * sizeof *m->freelist);
    m->pers = malloc(cap0 * sizeof *m->pers);
    m->pfree = malloc(cap0 * sizeof *m->pfree);
    if (workload_by_age(s)) {
        m->ph = malloc(cap0 * sizeof *m->ph);
        m->wdiff = malloc((size_t)(s->horizon + 2) * WL_N * (size_t)s->ntiers * sizeof *m->wdiff);
        if (!m->ph || !m->wdiff) return -1;
    }
    return m->eng && m->c && m->cst && m->freelist && m->pers && m->pfree ? 0 : -1;
}

static model_t *model_new(const scenario_t *s, const layout_t *l, int own_work);

/* A scenario with regions: a model for each region's own scenario. */
static model_t *model_create_regions(model_t *m)
{
    const scenario_t *s = m->sc;
    m->nser = m->lay->n;
    m->sub = calloc((size_t)s->nregions, sizeof *m->sub);
    m->scratch = malloc((size_t)(s->horizon + 1) * (size_t)m->lay->nbase * sizeof *m->scratch);
    if (!m->sub || !m->scratch) { model_free(m); return NULL; }
    m->nsub = s->nregions;
    if (work_alloc(m, 1u << 12)) { model_free(m); return NULL; }
    for (int r = 0; r < m->nsub; r++) {
        m->sub[r] = model_new(s->region_sc[r], m->lay, 0);
        if (!m->sub[r]) { model_free(m); return NULL; }
    }
    return m;
}

/* A model; with own_work 0 (a region's model in its parent's), without
 * working arrays: the parent lends its set for each run (run_regions). */
static model_t *model_new(const scenario_t *s, const layout_t *l, int own_work)
{
    model_t *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->sc = s;
    m->lay = l;
    if (s->nregions) return model_create_regions(m);
    m->rb = rulebook_create(s);
    m->nser = l->nbase; /* a region's model writes the national series' columns */
    m->moff = s->warmup ? (int)ceil(s->warmup_years * 12) : 0;
    m->nbound = m->moff + s->horizon + 1;
    if (own_work && work_alloc(m, s->parent ? 1u << 12 : 1u << 16)) { model_free(m); return NULL; }
    m->count = calloc((size_t)NSTATE * (size_t)s->ntiers, sizeof *m->count);
    m->bound = malloc((size_t)m->nbound * sizeof *m->bound);
    m->arr_state = calloc((size_t)s->ndisp, sizeof *m->arr_state);
    m->arr_index = calloc((size_t)s->ndisp, sizeof *m->arr_index);
    m->arr_key = calloc((size_t)s->ndisp, sizeof *m->arr_key);
    m->arr_from = calloc((size_t)s->ndisp + 1, sizeof *m->arr_from);
    m->rate = calloc((size_t)s->ndisp * (size_t)m->nbound, sizeof *m->rate);
    m->r_arr = rng_alloc(0); m->r_tier = rng_alloc(0); m->r_dur = rng_alloc(0);
    m->r_out = rng_alloc(0); m->r_psr = rng_alloc(0); m->r_rec = rng_alloc(0);
    m->r_div = rng_alloc(0); m->r_stock = rng_alloc(0); m->r_staff = rng_alloc(0); m->r_rem = rng_alloc(0);
    if (!m->rb || !m->count || !m->bound || !m->arr_state || !m->arr_from ||
        !m->arr_index || !m->arr_key || !m->rate || !m->r_arr || !m->r_tier || !m->r_dur ||
        !m->r_out || !m->r_psr || !m->r_rec || !m->r_div || !m->r_stock || !m->r_staff || !m->r_rem) {
        model_free(m);
        return NULL;
    }
    if (s->wf) {
        const workforce_t *w = s->wf;
        m->other_idx = calloc((size_t)w->nother + 1, sizeof *m->other_idx);
        if (!m->other_idx || staff_init(&m->staff, w)) { model_free(m); return NULL; }
        for (int i = 0; i < w->nother; i++)
            m->other_idx[i] = w->other_flow[i] ? layout_find(l, w->other_flow[i]) : -1;
        /* months a row's workload waits for its reports: a report written
         * in row j is for a sentence at most lead days later, within the
         * next ceil(lead / 28) months (no month is shorter) */
        for (int r = 0; r < s->nreports; r++) {
            int lag = (int)ceil(s->report_lead[r] / 28);
            if (lag > m->wl_lag) m->wl_lag = lag;
        }
        assert(m->wl_lag < (int)(sizeof m->wl_snap / sizeof *m->wl_snap));
    }
    /* Month ends: bound[moff] = 0 is the end of the start month. */
    m->bound[m->moff] = 0;
    for (int j = 1; j <= s->horizon; j++)
        m->bound[m->moff + j] = m->bound[m->moff + j - 1] + days_in_month(s->start + j);
    for (int j = -1; j >= -m->moff; j--)
        m->bound[m->moff + j] = m->bound[m->moff + j + 1] - days_in_month(s->start + j + 1);
    if (workload_by_age(s)) {
        long days = (long)m->bound[m->nbound - 1] + 1;
        m->day_row = malloc((size_t)days * sizeof *m->day_row);
        if (!m->day_row) { model_free(m); return NULL; }
        for (long d = 0, j = 0; d < days; d++) {
            while (m->bound[m->moff + j] < (double)d) j++;
            m->day_row[d] = (int)j;
        }
    }
    arrival_rates(m);
    return m;
}

model_t *model_create(const scenario_t *s, const layout_t *l) { return model_new(s, l, 1); }

model_stats model_last_stats(const model_t *m) { return m->st; }

/* ---- cases --------------------------------------------------------------- */

static uint32_t model_case_alloc_slot(model_t *m)
{
    m->st.people_in++;
    if (m->nfree) {
        uint32_t id = m->freelist[--m->nfree];
        /* the next new case (cases are made a month at a time) will take
         * the next slot, likely long unused: start loading it */
        if (m->nfree) __builtin_prefetch(&m->c[m->freelist[m->nfree - 1]], 1);
        return id;
    }
    if (m->ncase == m->capcase) {
        uint32_t cap = m->capcase * 2;
        case_t *c = realloc(m->c, cap * sizeof *c);
        uint32_t *f = c ? realloc(m->freelist, cap * sizeof *f) : NULL;
        if (c) m->c = c;
        if (f) m->freelist = f;
        phase_t *p = f && m->ph ? realloc(m->ph, cap * sizeof *p) : NULL;
        if (p) m->ph = p;
        uint8_t *st = f && (p || !m->ph) ? realloc(m->cst, cap * sizeof *st) : NULL;
        if (st) m->cst = st;
        if (!c || !f || (m->ph && !p) || !st) { m->oom = 1; m->st.people_in--; return UINT32_MAX; }
        m->capcase = cap;
    }
    assert(m->ncase < GLOBAL);
    uint32_t id = m->ncase++;
    m->c[id].state = m->cst[id] = ST_DONE;
    if (m->ph) m->ph[id].key = PH_NONE;
    return id;
}

/* A new person record; UINT32_MAX when memory runs out. */
static uint32_t person_alloc(model_t *m)
{
    uint32_t p;
    if (m->npfree) p = m->pfree[--m->npfree];
    else {
        if (m->npers == m->cappers) {
            uint32_t cap = m->cappers * 2;
            person_t *a = realloc(m->pers, cap * sizeof *a);
            if (a) m->pers = a;
            uint32_t *f = a ? realloc(m->pfree, cap * sizeof *f) : NULL;
            if (f) m->pfree = f;
            if (!a || !f) return UINT32_MAX;
            m->cappers = cap;
        }
        p = m->npers++;
    }
    memset(&m->pers[p], 0, sizeof m->pers[p]);
    return p;
}

/* A new case is its person's only case (PERSON_SOLE: no record). */
static uint32_t case_alloc(model_t *m)
{
    if (m->max_people && m->st.people_in - m->st.people_out >= m->max_people) {
        m->over = 1;
        return UINT32_MAX;
    }
    uint32_t id = model_case_alloc_slot(m);
    if (id == UINT32_MAX) return id;
    m->c[id].person = PERSON_SOLE;
    return id;
}

uint32_t model_case_alloc(model_t *m) { return case_alloc(m); }

/* Does the caseload total count a case in this state? */
static int counts_in_total(const model_t *m, int st)
{
    return st != SUP_RECALLED && (st != ST_INACTIVE || m->rb->inactive_counts);
}

/* Person p gains a case in state st, or loses one: the people counted in
 * that type, in the total and on court orders (a community order or an SSO,
 * SUP_CO and SUP_SSO = 1 - SUP_CO) follow. */
static inline void person_enter(model_t *m, person_t *p, int st)
{
    if (p->n[st]++ == 0) {
        m->pcount[st]++;
        if (st <= SUP_SSO && p->n[1 - st] == 0) m->pcourt++;
    }
    if (counts_in_total(m, st) && p->active++ == 0) m->ptotal++;
}

static inline void person_leave(model_t *m, person_t *p, int st)
{
    if (--p->n[st] == 0) {
        m->pcount[st]--;
        if (st <= SUP_SSO && p->n[1 - st] == 0) m->pcourt--;
    }
    if (counts_in_total(m, st) && --p->active == 0) m->ptotal--;
}

/* The same for a person whose only case this is (person_enter and
 * person_leave with every other count 0): sign +1 enters state st, -1
 * leaves it. */
static inline void sole_move(model_t *m, int st, int sign)
{
    m->pcount[st] += sign;
    if (st <= SUP_SSO) m->pcourt += sign;
    if (counts_in_total(m, st)) m->ptotal += sign;
}

/* The record of c's person, made now if c was its only case (0), or -1
 * when memory runs out. */
static int person_record(model_t *m, case_t *c)
{
    if (c->person != PERSON_SOLE) return 0;
    uint32_t p = person_alloc(m);
    if (p == UINT32_MAX) { m->oom = 1; return -1; }
    person_t *r = &m->pers[p];
    r->ncase = 1;
    if (c->state != ST_DONE) {
        r->n[c->state] = 1;
        r->active = (uint16_t)counts_in_total(m, c->state);
    }
    c->person = p;
    return 0;
}

int model_same_person(const case_t *a, const case_t *b)
{
    return a == b || (a->person != PERSON_SOLE && a->person == b->person);
}

int model_person_cases(const model_t *m, const case_t *c)
{
    return c->person == PERSON_SOLE ? 1 : m->pers[c->person].ncase;
}

int model_person_in(const model_t *m, const case_t *c, int st)
{
    return c->person == PERSON_SOLE ? c->state == st : m->pers[c->person].n[st];
}

int model_in_custody(const model_t *m, const case_t *c)
{
    if (c->person == PERSON_SOLE) return c->state == SUP_PRE || c->state == SUP_RECALLED;
    const person_t *p = &m->pers[c->person];
    return p->n[SUP_PRE] + p->n[SUP_RECALLED];
}

void model_rehome(model_t *m, case_t *c, case_t *host)
{
    if (person_record(m, host)) return;
    int st = c->state;
    if (c->person == PERSON_SOLE) {
        if (st != ST_DONE) sole_move(m, st, -1);
    } else {
        person_t *a = &m->pers[c->person];
        if (st != ST_DONE) person_leave(m, a, st);
        if (--a->ncase == 0) m->pfree[m->npfree++] = c->person;
    }
    c->person = host->person;
    person_t *b = &m->pers[c->person];
    b->ncase++;
    if (st != ST_DONE) person_enter(m, b, st);
}

void model_join(model_t *m, case_t *c, case_t *host)
{
    assert(c->state == ST_DONE && c->person == PERSON_SOLE);
    if (person_record(m, host)) return;
    c->person = host->person;
    m->pers[c->person].ncase++;
}

void model_move(model_t *m, case_t *c, int state)
{
    int nt = m->sc->ntiers;
    if (c->state != ST_DONE) m->count[c->state * nt + c->tier]--;
    if (state != ST_DONE) m->count[state * nt + c->tier]++;
    if (c->person == PERSON_SOLE) {
        /* most people hold one case: no person record to touch */
        if (c->state != ST_DONE) sole_move(m, c->state, -1);
        if (state != ST_DONE) sole_move(m, state, +1);
    } else {
        person_t *p = &m->pers[c->person];
        if (c->state != ST_DONE) person_leave(m, p, c->state);
        if (state != ST_DONE) person_enter(m, p, state);
        else if (--p->ncase == 0) m->pfree[m->npfree++] = c->person;
    }
    if (state == ST_DONE) {
        model_flow(m, m->lay->exits, 1);
        m->st.people_out++;
        m->freelist[m->nfree++] = (uint32_t)(c - m->c); /* slot reused by a new case */
    }
    c->state = m->cst[c - m->c] = (uint8_t)state;
    if (m->ph) workload_note(m, c);
}

void model_schedule(model_t *m, uint32_t id, double t, int ev)
{
    case_t *c = &m->c[id];
    c->ev = (uint8_t)ev;
    /* Events after the horizon never fire: keep them out of the heap. */
    if (t > m->bound[m->nbound - 1]) { c->seq = 0; return; }
    c->seq = engine_schedule(m->eng, t, id);
    if (!c->seq) m->oom = 1;
}

/* key is already a well-mixed hash; splitmix64 mixes its state on output,
 * so streams offset by a large odd constant are independent enough for
 * this use and cost one multiply each instead of a full hash. */
#define STREAM_STEP 0x632be59bd9b4e019ULL

/* The report stream of the case keyed by key, as model_seed_case seeds it. */
static void model_seed_report(model_t *m, uint64_t key) { rng_reseed(m->r_psr, key + RNG_REPORT * STREAM_STEP); }

void model_seed_case(model_t *m, case_t *c, uint64_t key)
{
    const uint64_t k = STREAM_STEP;
    rng_reseed(m->r_tier, key + RNG_TIER * k);
    rng_reseed(m->r_dur, key + RNG_DURATION * k);
    rng_reseed(m->r_out, key + RNG_OUTCOME * k);
    model_seed_report(m, key);
    rng_reseed(m->r_div, key + RNG_DIVERT * k);
    rng_reseed(m->r_rem, key + RNG_REMAND * k);
    c->rng = key + RNG_RECALL * k;
}

uint8_t model_tier_of(double u, const double *cum, const uint8_t *guide, int n)
{
    /* the first k < n - 1 with u < cum[k], else n - 1, looked for from
     * where the guide says (u x TIER_GUIDE is exact for u a multiple of
     * 2^-53, as draws are) */
    int k = guide[(int)(u * TIER_GUIDE)];
    while (k < n - 1 && !(u < cum[k])) k++;
    return (uint8_t)k;
}

uint8_t model_draw_tier(gsl_rng *r, const double *cum, const uint8_t *guide, int n)
{
    return model_tier_of(rng_uniform(r), cum, guide, n);
}

/* ---- arrivals ------------------------------------------------------------- */

/* Output row of the month containing time t (rows < 1 are the stock row 0). */
static int row_of(const model_t *m, double t)
{
    int j = m->cur;
    while (j > 0 && t <= m->bound[m->moff + j - 1]) j--;
    return j;
}

static void draw_report(model_t *m, int d, double t)
{
    const scenario_t *s = m->sc;
    double u = rng_uniform(m->r_psr), v = rng_uniform(m->r_psr);
    if (u >= rb_at(m->rb, param_disp(s, d, PD_REPORT_SHARE), t)) return;
    int r = 0;
    for (double acc = rb_at(m->rb, param_mix(s, d, 0), t); r < s->nreports - 1 && v >= acc;
         acc += rb_at(m->rb, param_mix(s, d, ++r), t)) {}
    int row = row_of(m, t - s->report_lead[r]);
    if (row > 0 && row <= s->horizon) m->out[(size_t)row * (size_t)m->nser + (size_t)(m->lay->psr0 + r)] += 1;
}

/* For a custodial sentence of `len` days passed on day t by disposal d:
 * the community disposal it is diverted to (presumption lever), or -1.
 * Always draws two numbers from r (so streams stay aligned across scenarios). */
static int divert(const rulebook_t *rb, int d, double t, double len, gsl_rng *r)
{
    double u = rng_uniform(r), v = rng_uniform(r);
    if (!rb->divert_to || len > rb->divert_threshold) return -1;
    if (u >= rb_at(rb, param_disp(rb->sc, d, PD_DIVERT_SHARE), t)) return -1;
    double acc = 0;
    int last = -1;
    for (int k = 0; k < rb->sc->ndisp; k++) {
        if (rb->divert_to[k] <= 0) continue;
        last = k;
        acc += rb->divert_to[k];
        if (v < acc) return k;
    }
    return last;
}

/* The person a new sentence is passed on: with the disposal's
 * already_in_custody share (custody only), someone in custody now (serving
 * or recalled); with its already_supervised share, someone with any case
 * now (a case picked at random, so people with more cases are likelier, as
 * people who offend more are); else a new person (-1).  Draws from r: the share, then up to
 * HOST_TRIES picks (a slot may be free; after that, a new person). */
#define HOST_TRIES 16

/* Is case c, in its state now, still a host on day t later in the month?
 * A month's sentences are made at its start, in time order, so c arrived
 * by t; but its state may end before t (its event not yet handled), and
 * passing a sentence on someone already released, or whose order or
 * supervision has ended, made results depend on the order disposals are
 * listed in.  In custody: not released (or back from recall) by t.  Any
 * case: not ended by t (an order going to custody goes on; a licence goes
 * on to its PSS, if any). */
static int host_at(const model_t *m, const case_t *c, double t, int in_custody)
{
    switch (c->state) {
    case SUP_PRE: return !in_custody || c->t_end > t;
    case SUP_RECALLED: return !in_custody || c->t_back > t;
    case SUP_CO:
    case SUP_SSO: return c->t_end > t || (c->flags & F_TO_CUSTODY);
    case SUP_LICENCE:
    case ST_INACTIVE: return c->t_sent + c->len > t || custody_pss_end(m, c) > t;
    case SUP_PSS: return custody_pss_end(m, c) > t;
    default: return 1;
    }
}

int64_t model_pick_host(model_t *m, int d, double t, uint32_t self, gsl_rng *r)
{
    double u = rng_uniform(r);
    double pc = m->sc->disp[d].kind == KIND_CUSTODY ? rb_at(m->rb, param_disp(m->sc, d, PD_IN_CUSTODY), t) : 0;
    int in_custody = u < pc;
    if (!in_custody && u >= pc + rb_at(m->rb, param_disp(m->sc, d, PD_ALREADY), t)) return -1;
    for (int k = 0; k < HOST_TRIES; k++) {
        uint32_t h = (uint32_t)gsl_rng_uniform_int(r, m->ncase);
        int st = m->cst[h];
        if (h != self && st != ST_DONE && (!in_custody || st == SUP_PRE || st == SUP_RECALLED) && host_at(m, &m->c[h], t, in_custody))
            return h;
    }
    return -1;
}

/* A custodial sentence passed on someone serving a community order or SSO
 * ends that order on the day, as revoked (ASSUMPTION: the court re-sentences
 * the order; the custodial sentence is the new case). */
static void custody_ends_order(model_t *m, uint32_t h, double t)
{
    case_t *c = &m->c[h];
    if ((c->state != SUP_CO && c->state != SUP_SSO) || c->t_end <= t) return;
    c->reason = END_REVOKED;
    c->flags &= (uint8_t)~F_TO_CUSTODY;
    c->t_end = t;
    model_schedule(m, h, t, EV_ORDER_END);
}

void model_join_sentence(model_t *m, case_t *c, uint32_t host, int custody, double t)
{
    model_join(m, c, &m->c[host]);
    if (custody) custody_ends_order(m, host, t);
}

static void arrive(model_t *m, int d, double t)
{
    const scenario_t *s = m->sc;
    uint32_t id = model_case_alloc(m);
    if (id == UINT32_MAX) return;
    case_t *c = &m->c[id];
    uint64_t key = rng_mix(m->arr_key[d], m->arr_index[d]++);
    model_seed_case(m, c, key);
    c->flags = 0;
    draw_report(m, d, t);
    int d0 = d, custody = 0, to = -1;
    if (s->disp[d].kind == KIND_CUSTODY) {
        custody_draw(m, c, d, t, -1);
        /* A policy may pass a community disposal instead of this sentence. */
        to = divert(m->rb, d, t, c->len, m->r_div);
    }
    int64_t h = model_pick_host(m, d0, t, id, m->r_div);
    /* ... but not on someone in custody already, serving a sentence or held
     * on recall (Sentencing Code s.264A(3), inserted by the Sentencing Act
     * 2026 s.1: the presumption does not apply to an offender in custody) */
    if (to >= 0 && h >= 0 && (m->c[h].state == SUP_PRE || m->c[h].state == SUP_RECALLED)) to = -1;
    if (s->disp[d].kind == KIND_CUSTODY) {
        if (to < 0) custody = 1;
        else {
            d = to;
            c->flags = F_DIVERTED;
        }
    }
    if (h >= 0) model_join_sentence(m, c, (uint32_t)h, custody, t);
    model_flow(m, m->lay->starts0 + d, 1);
    if (custody) {
        custody_start(m, id, t);
        return;
    }
    community_draw(m, c, d, t);
    community_start(m, id);
}

/* Creates every sentence passed in month j: for each disposal a Poisson
 * process whose rate is constant within a month (exponential gaps; the gap
 * that overshoots the month end is discarded, which is exact because the
 * process is memoryless).  Cases are created at the start of their month
 * with their own arrival times, rather than by one event each (month-end
 * counts only see a case after its arrival time has passed: a third fewer
 * heap operations), in time order across disposals: a sentence passed on
 * someone already supervised picks from the cases made before it, so each
 * must see those that arrived before it, whatever disposal they are (made
 * disposal by disposal, the order disposals are listed in moved the
 * results).  Each disposal's times come from its own stream, as before. */
static void month_arrivals(model_t *m, int j)
{
    const scenario_t *s = m->sc;
    double lo = m->bound[m->moff + j - 1], hi = m->bound[m->moff + j];
    m->narr_t = 0;
    for (int d = 0; d < s->ndisp; d++) {
        m->arr_from[d] = m->narr_t;
        double r = m->rate[(size_t)d * (size_t)m->nbound + (size_t)(m->moff + j)];
        if (r <= 0) continue;
        rng_reseed(m->r_arr, m->arr_state[d]);
        for (double t = lo;;) {
            t += rng_exponential(m->r_arr, 1.0) / r;
            if (t > hi) break;
            if (m->narr_t == m->caparr_t) {
                size_t cap = m->caparr_t ? 2 * m->caparr_t : 4096;
                double *p = realloc(m->arr_t, cap * sizeof *p);
                if (!p) { m->oom = 1; return; }
                m->arr_t = p;
                m->caparr_t = cap;
            }
            m->arr_t[m->narr_t++] = t;
        }
        m->arr_state[d] = rng_state(m->r_arr);
    }
    m->arr_from[s->ndisp] = m->narr_t;
    /* merge: the earliest next time of any disposal (ties: the first listed) */
    size_t at[64];  /* a scenario has at most 64 disposals (scenario.c) */
    for (int d = 0; d < s->ndisp; d++) at[d] = m->arr_from[d];
    for (size_t left = m->narr_t; left > 0 && !m->oom; left--) {
        int best = -1;
        for (int d = 0; d < s->ndisp; d++)
            if (at[d] < m->arr_from[d + 1] && (best < 0 || m->arr_t[at[d]] < m->arr_t[at[best]])) best = d;
        arrive(m, best, m->arr_t[at[best]++]);
    }
}

/* ---- month ends ----------------------------------------------------------- */

static void month_end(model_t *m, int j)
{
    const scenario_t *s = m->sc;
    const layout_t *l = m->lay;
    int nt = s->ntiers;
    double *row = m->out + (size_t)j * (size_t)m->nser;
    double orders = 0;
    if (j == 0) /* flows during a warm-up landed in row 0: the stock row has none */
        for (int i = 0; i < l->nbase; i++)
            if (l->is_flow[i]) row[i] = 0;
    int inactive_counts = m->rb->inactive_counts;
    for (int st = 0; st < NSTATE; st++) {
        int64_t n = 0;
        for (int k = 0; k < nt; k++) n += m->count[st * nt + k];
        row[st == ST_INACTIVE ? l->orders_inactive : l->orders[st]] = (double)n;
        row[st == ST_INACTIVE ? l->inactive : l->sup[st]] = (double)m->pcount[st];
        if (counts_in_total(m, st)) orders += (double)n;
    }
    row[l->orders_total] = orders;
    row[l->total] = (double)m->ptotal;
    row[l->court] = (double)m->pcourt;
    row[l->custody_sentenced] = row[l->sup[SUP_PRE]];
    for (int k = 0; k < nt; k++) {
        int64_t n = 0;
        for (int st = 0; st < SUP_RECALLED; st++) n += m->count[st * nt + k];
        if (inactive_counts) n += m->count[ST_INACTIVE * nt + k];
        row[l->tier0 + k] = (double)n;
    }
    if (s->wf) workload_snapshot(m, j);
    m->cur = j + 1;
}

/* The workload of every row whose reports are all drawn once the
 * sentences up to month `made` are (model_internal.h, wl_lag): rows in
 * order, at most the last month end. */
static void workload_rows(model_t *m, int made, int last)
{
    if (!m->sc->wf) return;
    for (; m->wl_next <= last && m->wl_next + m->wl_lag <= made; m->wl_next++)
        workload_month(m, m->wl_next, m->out + (size_t)m->wl_next * (size_t)m->nser);
}

/* After the horizon's month end: the reports written by then for
 * sentences passed after it (a written report comes up to its lead
 * before the sentence), drawn as the months' arrivals draw them, the
 * sentences at the horizon month's rates and on the same streams (so the
 * months before are untouched); no case is made.  Then the last rows'
 * workload. */
static void reports_after_horizon(model_t *m)
{
    const scenario_t *s = m->sc;
    int H = s->horizon;
    double lead = 0;
    for (int r = 0; r < s->nreports; r++)
        if (s->report_lead[r] > lead) lead = s->report_lead[r];
    double lo = m->bound[m->moff + H];
    for (int d = 0; d < s->ndisp && lead > 0; d++) {
        double r = m->rate[(size_t)d * (size_t)m->nbound + (size_t)(m->moff + H)];
        if (r <= 0) continue;
        rng_reseed(m->r_arr, m->arr_state[d]);
        for (double t = lo;;) {
            t += rng_exponential(m->r_arr, 1.0) / r;
            if (t > lo + lead) break;
            model_seed_report(m, rng_mix(m->arr_key[d], m->arr_index[d]++));
            draw_report(m, d, t);
        }
    }
    workload_rows(m, H + m->wl_lag, H);
}

/* ---- the loop ---------------------------------------------------------------- */

void model_begin(model_t *m, uint64_t rep_seed, double *out)
{
    const scenario_t *s = m->sc;
    memset(&m->st, 0, sizeof m->st);
    m->rep_seed = rep_seed;
    m->out = out;
    m->cur = 0;
    m->oom = 0;
    m->ncase = 0;
    m->nfree = 0;
    memset(out, 0, (size_t)(s->horizon + 1) * (size_t)m->nser * sizeof *out);
    memset(m->count, 0, (size_t)NSTATE * (size_t)s->ntiers * sizeof *m->count);
    m->npers = m->npfree = 0;
    memset(m->pcount, 0, sizeof m->pcount);
    m->ptotal = m->pcourt = 0;
    engine_reset(m->eng, m->bound[0]);
    m->t_mark = now_ns();
    if (m->wdiff) {
        memset(m->wdiff, 0, (size_t)(s->horizon + 2) * WL_N * (size_t)s->ntiers * sizeof *m->wdiff);
        memset(m->wcum, 0, sizeof m->wcum);
        m->wrow = 0;
    }
    m->wl_next = 0;
    if (s->wf) {
        staff_free(&m->staff);
        if (staff_init(&m->staff, s->wf)) m->oom = 1;
        rng_reseed(m->r_staff, rng_mix(rep_seed, RNG_STAFF));
    }
    /* month boundaries, from the first of a warm-up (index -moff) */
    for (int j = -m->moff; j <= s->horizon; j++)
        engine_schedule(m->eng, m->bound[m->moff + j], GLOBAL_ID(G_MONTH, j + m->moff));
    /* rule changes that act on people already in the system, in lever order */
    for (int i = 0; i < m->rb->nev; i++) {
        double t = m->rb->ev[i].t;
        if (t >= engine_now(m->eng) && t <= m->bound[m->nbound - 1]) engine_schedule(m->eng, t, GLOBAL_ID(G_LEVER, i));
    }
    for (int d = 0; d < s->ndisp; d++) {
        m->arr_key[d] = rng_mix(rep_seed, s->disp[d].key);
        m->arr_state[d] = rng_mix(m->arr_key[d], RNG_ARRIVAL);
        m->arr_index[d] = 0;
    }
}

int model_dispatch(model_t *m, const event_t *ev)
{
    if (++m->st.events > m->max_events && m->max_events) {
        m->over = 1;
        return 1;
    }
    if (ev->id & GLOBAL) {
        int kind = (int)((ev->id >> 24) & 0x7f), idx = (int)(ev->id & 0xffffff);
        if (kind == G_MONTH) {
            int j = idx - m->moff;
            /* the events since the last month's new cases were made, then
             * this month end, then the next month's new cases */
            uint64_t t0 = now_ns();
            m->st.ns[MS_EVENTS] += t0 - m->t_mark;
            if (j >= 0) month_end(m, j);
            uint64_t t1 = now_ns();
            m->st.ns[MS_MONTH_ENDS] += t1 - t0;
            if (j == m->sc->horizon) {
                reports_after_horizon(m);
                return 1;
            }
            month_arrivals(m, j + 1);
            workload_rows(m, j + 1, j);
            m->t_mark = now_ns();
            m->st.ns[MS_ARRIVALS] += m->t_mark - t1;
        } else if (kind == G_LEVER) {
            if (m->rb->ev[idx].kind == RB_EV_END_DONE) community_rule_event(m, &m->rb->ev[idx], ev->t);
            else custody_rule_event(m, &m->rb->ev[idx], ev->t);
        }
        return 0;
    }
    case_t *c = &m->c[ev->id];
    if (c->seq != ev->seq || c->state == ST_DONE) return 0; /* cancelled (lazy) */
    if (c->ev == EV_ORDER_END) community_end(m, ev->id, ev->t);
    else custody_event(m, ev->id, ev->t, c->ev);
    return 0;
}

/* Moves the working arrays (work_alloc's, and the stock's templates) from
 * one model to another: the regions, run one after another, share one set,
 * so a thread holds the people of one region at a time and the arrays grown
 * for one region serve the next.  Everything moved is reset by model_begin
 * or stock_create before use. */
static void model_lend(model_t *from, model_t *to)
{
#define MOVE(f) do { to->f = from->f; from->f = 0; } while (0)
    MOVE(eng); MOVE(c); MOVE(cst); MOVE(capcase); MOVE(freelist); MOVE(pers); MOVE(cappers); MOVE(pfree);
    MOVE(ph); MOVE(wdiff); MOVE(tpl); MOVE(tpl_cum); MOVE(tpl_w);
#undef MOVE
}

/* Regions one after another, each on its own streams (keyed by its name)
 * with this replication's draws of the assumptions; then the sums. */
static int run_regions(model_t *m, uint64_t rep_seed, double *out)
{
    memset(&m->st, 0, sizeof m->st);
    int rc = 0;
    for (int r = 0; r < m->nsub && !rc; r++) {
        model_t *sub = m->sub[r];
        uint64_t left = m->max_events ? (m->max_events > m->st.events ? m->max_events - m->st.events : 1) : 0;
        model_set_limits(sub, m->max_people, left);
        model_lend(m, sub);
        rc = model_run_streams(sub, rep_seed, rng_mix(rep_seed, rng_hash_str(m->sc->regions[r].name)), m->scratch);
        model_lend(sub, m);
        size_t nb = (size_t)m->lay->nbase, n = (size_t)m->lay->n;
        for (size_t j = 0; !rc && j <= (size_t)m->sc->horizon; j++)
            memcpy(out + j * n + nb * (size_t)(r + 1), m->scratch + j * nb, nb * sizeof *out);
        model_stats st = model_last_stats(sub);
        m->st.events += st.events;
        m->st.people_in += st.people_in;
        m->st.people_out += st.people_out;
        m->st.active += st.active;
        for (int k = 0; k < MS_N; k++) m->st.ns[k] += st.ns[k];
    }
    if (!rc) national_sum(m->sc, m->lay, out);
    return rc;
}

int model_run(model_t *m, uint64_t rep_seed, double *out)
{
    if (m->nsub) return run_regions(m, rep_seed, out);
    return model_run_streams(m, rep_seed, rep_seed, out);
}

/* The cases of coming events are likely cache misses (a case is touched
 * months apart), and so are their people and workload phases, whose indices
 * are in the case: start loading the case of the event PF_CASE places ahead,
 * and the person and phase of the one PF_PERSON ahead (its case loaded by
 * now).  Only a hint: a cancelled event's slot may be free, so indices are
 * bounded, never trusted. */
#define PF_CASE 16
#define PF_PERSON 6
static inline void prefetch_ahead(const model_t *m)
{
    uint32_t a = engine_ahead_id(m->eng, PF_CASE), b = engine_ahead_id(m->eng, PF_PERSON);
    if (a < m->ncase) __builtin_prefetch(&m->c[a]);
    if (b < m->ncase) {
        uint32_t p = m->c[b].person;
        if (p < m->npers) __builtin_prefetch(&m->pers[p], 1);
        if (m->ph) __builtin_prefetch(&m->ph[b], 1);
    }
}

int model_run_streams(model_t *m, uint64_t draw_seed, uint64_t rep_seed, double *out)
{
    /* this replication's values of the ranged assumptions; the volumes may be among them */
    if (rulebook_draw(m->rb, draw_seed)) arrival_rates(m);
    uint64_t t0 = now_ns();
    model_begin(m, rep_seed, out);
    m->stock_error = 0;
    m->over = 0;
    if (!m->sc->warmup && stock_create(m)) return m->stock_error ? -2 : m->over ? -3 : -1;
    m->t_mark = now_ns();
    m->st.ns[MS_STOCK] = m->t_mark - t0;
    event_t ev;
    while (!m->oom && !m->over && engine_next(m->eng, &ev)) {
        prefetch_ahead(m);
        if (model_dispatch(m, &ev)) break;
    }
    m->st.active = m->st.people_in - m->st.people_out;
    if (m->over) return -3;
    return m->oom || engine_failed(m->eng) ? -1 : 0;
}

void model_set_limits(model_t *m, uint64_t max_people, uint64_t max_events)
{
    m->max_people = max_people;
    m->max_events = max_events;
}

/* Events a case of disposal d makes, at most about: an order's end; or a
 * release, the licence end and the PSS end, and two for each expected recall
 * (recall and re-release) over the licence.  Arrivals come in with the month
 * events and reports need none. */
static double events_per_case(const scenario_t *s, const disposal_t *dp, double len)
{
    if (dp->kind == KIND_CUSTODY) return 3 + 2 * s->recall_rate * (1 - dp->release_fraction) * len;
    double to_custody = dp->p_revoked * dp->p_breach_custody;
    return 1 + to_custody * (3 + 2 * s->recall_rate * 0.5 * dp->breach_custody.mean);
}

void model_estimate(const model_t *m, model_estimate_t *out)
{
    const scenario_t *s = m->sc;
    memset(out, 0, sizeof *out);
    for (int r = 0; r < m->nsub; r++) {
        model_estimate_t e;
        model_estimate(m->sub[r], &e);
        out->arrivals += e.arrivals;
        out->stock += e.stock;
        out->peak_people += e.peak_people;
        out->events += e.events;
    }
    if (m->nsub) return;
    for (int t = 0; t < SUP_N; t++) out->stock += s->stock[t];
    double held = 0, ev_stock = 0, vol = 0;
    for (int d = 0; d < s->ndisp; d++) {
        const disposal_t *dp = &s->disp[d];
        /* mean time under supervision: the order (and any custody after
         * revocation), or the sentence and PSS */
        double len = dp->length.mean;
        if (dp->kind == KIND_CUSTODY) {
            len = len < dp->band_lo ? dp->band_lo : len > dp->band_hi ? dp->band_hi : len;
        }
        double dur = dp->kind == KIND_CUSTODY ? len + s->pss_days
                                              : len + dp->p_revoked * dp->p_breach_custody * dp->breach_custody.mean;
        double per = events_per_case(s, dp, len), arr = 0, peak = 0;
        for (int j = 1 - m->moff; j <= s->horizon; j++) {
            size_t k = (size_t)d * (size_t)m->nbound + (size_t)(m->moff + j);
            double r = m->rate[k];
            arr += r * (m->bound[m->moff + j] - m->bound[m->moff + j - 1]);
            if (r > peak) peak = r;
        }
        out->arrivals += arr;
        out->events += arr * per;
        held += peak * dur;
        ev_stock += dp->volume * per;
        vol += dp->volume;
    }
    /* the stock makes events like the intake's average case */
    out->events += out->stock * (vol > 0 ? ev_stock / vol : 3);
    out->events += m->nbound;   /* month ends */
    out->peak_people = out->stock + held;
}

static int check_stock(const scenario_t *s, const layout_t *l, errlist_t *e);

int model_check(const scenario_t *s, const layout_t *l, errlist_t *e)
{
    int rc = 0;
    const workforce_t *w = s->wf;
    for (int i = 0; w && i < w->nother; i++) {
        if (!w->other_flow[i]) continue;
        int k = layout_find(l, w->other_flow[i]);
        if (k >= 0 && l->is_flow[k]) continue;
        char list[400] = "";
        for (int j = 0; j < l->n && strlen(list) < 300; j++)
            if (l->is_flow[j] && strncmp(l->name[j], "ends.", 5))
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", list[0] ? ", " : "", l->name[j]);
        errlist_add(e, s->file, w->other_line[i], w->other_col[i],
                    "other work follows '%s', which is not a flow series (expected one of: %s, or ends.DISPOSAL.REASON)",
                    w->other_flow[i], list);
        rc = -1;
    }
    if (rc || s->warmup) return rc;
    for (int r = 0; r < s->nregions && !rc; r++) rc = check_stock(s->region_sc[r], l, e);
    return s->nregions ? rc : check_stock(s, l, e);
}

/* Draws the stock of one replication, exactly as a run would. */
static int check_stock(const scenario_t *s, const layout_t *l, errlist_t *e)
{
    int rc = 0;
    model_t *m = model_create(s, l);
    double *out = m ? calloc((size_t)(s->horizon + 1) * (size_t)l->n, sizeof *out) : NULL;
    if (!out) {
        model_free(m);
        errlist_add(e, s->file, 0, 0, "out of memory checking the starting stock");
        return -1;
    }
    model_begin(m, rng_mix(s->seed, 1), out);
    m->stock_error = 0;
    /* (an event the queue could not take, a month end included, is out of
     * memory too: engine_failed) */
    if (stock_create(m) || m->oom || engine_failed(m->eng)) {
        if (m->stock_error)
            errlist_add(e, s->stock_file, s->stock_line, s->stock_col,
                        "the starting stock of %s%s%s cannot be drawn: no new case of this scenario ever reaches it (expected a stock only of types the disposals lead to)",
                        sup_names[m->stock_error - 1], s->parent ? " in region " : "",
                        s->parent ? s->parent->regions[s->region].name : "");
        else
            errlist_add(e, s->file, 0, 0, "out of memory drawing the starting stock");
        rc = -1;
    }
    free(out);
    model_free(m);
    return rc;
}
