/* fixture.h: a model on the small rule-test scenario, driven case by case
 * (shared by test_flows.c and test_policy.c; header-only). */
#ifndef CASEFLOW_FIXTURE_H
#define CASEFLOW_FIXTURE_H

#include <math.h>

#include "model_internal.h"
#include "testutil.h"

#define MONTH (365.25 / 12)

typedef struct {
    scenario_t *s;
    layout_t *l;
    model_t *m;
    double *out;
} fx_t;

/* A model on scenario text y (taken: freed here). */
static inline fx_t *fx_text(char *y)
{
    fx_t *f = calloc(1, sizeof *f);
    errlist_t e;
    errlist_init(&e);
    f->s = load_text(y, &e);
    if (!f->s) errlist_print(&e, stderr);
    assert_non_null(f->s);
    errlist_clear(&e);
    free(y);
    f->l = layout_create(f->s);
    f->m = model_create(f->s, f->l);
    f->out = calloc((size_t)(f->s->horizon + 1) * (size_t)f->l->n, sizeof *f->out);
    model_begin(f->m, 99, f->out);
    return f;
}

static inline fx_t *fx_new(double recall, double ftr, const char *extra)
{
    return fx_text(small_scenario(recall, ftr, extra));
}

static inline void fx_free(fx_t *f)
{
    model_free(f->m);
    layout_free(f->l);
    scenario_free(f->s);
    free(f->out);
    free(f);
}

static inline int disp_index(const scenario_t *s, const char *name)
{
    for (int d = 0; d < s->ndisp; d++)
        if (!strcmp(s->disp[d].name, name)) return d;
    fail();
    return -1;
}

/* Dispatches events until one for a case has been handled; returns its time. */
static inline double step_case(fx_t *f)
{
    event_t ev;
    while (engine_next(f->m->eng, &ev)) {
        int is_case = !(ev.id & GLOBAL) && f->m->c[ev.id].seq == ev.seq;
        model_dispatch(f->m, &ev);
        if (is_case) return ev.t;
    }
    return -1;
}

/* A flow series summed over every month of the run so far. */
static inline double sum_flow(const fx_t *f, const char *name)
{
    int k = layout_find(f->l, name);
    assert_true(k >= 0);
    double s = 0;
    for (int j = 0; j <= f->s->horizon; j++) s += f->out[(size_t)j * (size_t)f->l->n + (size_t)k];
    return s;
}

/* A community order or SSO of disposal `disp` starting on day t, its
 * streams seeded from seed0 + its id. */
static inline uint32_t fx_order(fx_t *f, const char *disp, double t, uint64_t seed0)
{
    uint32_t id = model_case_alloc(f->m);
    case_t *c = &f->m->c[id];
    c->flags = 0;
    model_seed_case(f->m, c, seed0 + id);
    community_draw(f->m, c, disp_index(f->s, disp), t);
    community_start(f->m, id);
    return id;
}

static inline uint32_t new_custody(fx_t *f, const char *disp)
{
    uint32_t id = model_case_alloc(f->m);
    case_t *c = &f->m->c[id];
    c->flags = 0;
    model_seed_case(f->m, c, 12345);
    custody_draw(f->m, c, disp_index(f->s, disp), 0, -1);
    custody_start(f->m, id, 0);
    return id;
}

#endif
