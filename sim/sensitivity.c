/* sensitivity.c: one assumption at a time, low and high (see sensitivity.h). */
#include "sensitivity.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"
#include "policy.h"
#include "runner.h"
#include "uncertain.h"

const char *const sens_measure_names[SENS_N] = { "caseload", "fte", "cost", "capacity" };
static const char *const measure_words[SENS_N] = {
    "people under supervision", "staff needed (case-holding FTE)", "cost of the staff needed (GBP a year)",
    "capacity used (%)"
};
static const int money_of[SENS_N] = { MN_CASELOAD, MN_NEEDED, MN_COST_NEEDED, MN_CAPACITY };

void sens_measure_words(const sens_t *s, char *buf, size_t n)
{
    snprintf(buf, n, "%s%s", s->policy ? "change in " : "", measure_words[s->measure]);
}

/* The measure's median at row k of a finished comparison: the level (one
 * scenario) or the paired effect of the policy. */
static double measure_at(const compare_t *c, int measure, int k)
{
    if (measure == SENS_CASELOAD) {
        if (c->n > 1) return ptable_row(c->diff[1], ptable_find(c->diff[1], "caseload.total"), ST_P50)[k];
        const results_t *r = c->res[0];
        return r->p50[results_at(r, k, c->lay[0]->total)];
    }
    const ptable_t *t = c->n > 1 ? c->mdiff[1] : c->mlev[0];
    return ptable_row(t, money_of[measure], ST_P50)[k];
}

/* One run of the files with every assumption central but `key` at `side`
 * (no key: all central); *v gets the measure. */
static int one_run(int nfiles, char **files, const char *key, int side, const sens_t *s, int k,
                   const plan_t *plan, int progress, errlist_t *e, double *v)
{
    compare_t *c = compare_create(nfiles, files, e);
    if (!c) return -2;
    for (int i = 0; i < c->n; i++) {
        c->sc[i]->central = 1;
        if (key) unc_pin(c->sc[i], key, side);
    }
    int rc = compare_run_plan(c, s->reps, s->seed, plan, progress, e);
    if (!rc && s->measure != SENS_CASELOAD && !c->money) {
        errlist_add(e, files[0], 0, 0, "the measure %s needs a workforce: section in every scenario (expected caseload, or scenarios with staff)",
                    sens_measure_names[s->measure]);
        rc = -2;
    }
    if (!rc) *v = measure_at(c, s->measure, k);
    compare_free(c);
    return rc;
}

static int by_swing(const void *a, const void *b)
{
    const sens_row *x = a, *y = b;
    double sx = fabs(x->result[2] - x->result[0]), sy = fabs(y->result[2] - y->result[0]);
    if (sx != sy) return sx < sy ? 1 : -1;
    return strcmp(x->label, y->label);
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);
    return n >= k && !strcmp(s + n - k, tail);
}

/* Whether a range on this path can move the measure.  The caseload is
 * worked out before any workforce rule is read (data flow one way), and a
 * staff cost moves only the cost; a lever's range (policy.N...) may move
 * anything. */
static int can_move(int measure, const char *path)
{
    int wf = !strncmp(path, "workforce.", 10);
    int cost = wf && (ends_with(path, ".annual_cost") || ends_with(path, ".overtime_cost_per_hour"));
    if (measure == SENS_CASELOAD) return !wf;
    return measure == SENS_COST || !cost;
}

/* The distinct assumptions with some width that can move the measure, the
 * policy's and the base's; out->skipped counts the others. */
static int collect(sens_t *out, compare_t *c)
{
    out->row = calloc(UNC_MAX, sizeof *out->row);
    if (!out->row) return -1;
    for (int i = c->n - 1; i >= 0; i--)
        for (int j = 0; j < c->sc[i]->nranges; j++) {
            const unc_range *r = &c->sc[i]->ranges[j];
            if (r->low == r->high) continue;
            if (!can_move(out->measure, r->path)) {
                int seen = 0;
                for (int q = 0; q < j && !seen; q++) seen = !strcmp(c->sc[i]->ranges[q].key, r->key);
                if (!seen && i == c->n - 1) out->skipped++;
                continue;
            }
            int at = -1;
            for (int q = 0; q < out->n && at < 0; q++)
                if (!strcmp(out->row[q].key, r->key)) at = q;
            if (at >= 0) {
                if (i == c->n - 1) out->row[at].nparam++;
                continue;
            }
            sens_row *w = &out->row[out->n++];
            snprintf(w->key, sizeof w->key, "%s", r->key);
            snprintf(w->label, sizeof w->label, "%s", r->label);
            w->nparam = 1;
            w->value[0] = r->low;
            w->value[1] = r->central;
            w->value[2] = r->high;
        }
    return 0;
}

int sens_run(sens_t *out, int nfiles, char **files, int measure, int at, int reps, unsigned long long seed,
             const plan_t *plan, int progress, errlist_t *e)
{
    memset(out, 0, sizeof *out);
    out->measure = measure;
    out->at = at;
    out->reps = reps;
    out->seed = seed;
    out->policy = nfiles > 1;
    compare_t *c = compare_create(nfiles, files, e);
    if (!c) return -2;
    const scenario_t *s0 = c->sc[0];
    int k = at;
    if (out->policy) {
        int L = policy_first_whole_month(c->sc[1], s0);
        if (L < 0) {
            errlist_add(e, files[1], 0, 0, "the policy has no lever of its own (expected a scenario that adds levers to the base)");
            compare_free(c);
            return -2;
        }
        k = L - 1 + at - s0->start;
    }
    if (k < 1 || k > s0->horizon) {
        errlist_add(e, files[nfiles - 1], 0, 0, "--at %d months falls outside the run (expected a month within its %d months%s)",
                    at, s0->horizon, out->policy ? ", counted in whole months from the policy's first lever" : "");
        compare_free(c);
        return -2;
    }
    out->month = s0->start + k;
    snprintf(out->scenario, sizeof out->scenario, "%s", s0->name);
    if (out->policy) snprintf(out->policy_name, sizeof out->policy_name, "%s", c->sc[1]->name);
    int rc = collect(out, c);
    compare_free(c);
    if (rc) return -1;
    if (!out->n) {
        errlist_add(e, files[nfiles - 1], 0, 0, "no assumption has a range (expected ranges such as {low, central, high} on rule parameters)");
        return -2;
    }
    if (progress) fprintf(stderr, "  all assumptions central\n");
    rc = one_run(nfiles, files, NULL, 0, out, k, plan, progress, e, &out->central);
    for (int i = 0; i < out->n && !rc; i++) {
        sens_row *w = &out->row[i];
        w->result[1] = out->central;
        for (int side = -1; side <= 1 && !rc; side += 2) {
            if (progress) fprintf(stderr, "  %s at its %s value\n", w->label, side < 0 ? "low" : "high");
            rc = one_run(nfiles, files, w->key, side, out, k, plan, progress, e, &w->result[side + 1]);
        }
    }
    if (!rc) qsort(out->row, (size_t)out->n, sizeof *out->row, by_swing);
    return rc;
}

void sens_free(sens_t *s)
{
    if (s) free(s->row);
}

int sens_write_csv(FILE *f, const void *ctx)
{
    const sens_t *s = ctx;
    char mon[8];
    month_label(s->month, mon);
    fprintf(f, "assumption,parameters,setting,value,measure,month,median,swing\n");
    static const char *const set[3] = { "low", "central", "high" };
    for (int i = 0; i < s->n; i++) {
        const sens_row *w = &s->row[i];
        for (int j = 0; j < 3; j++)
            fprintf(f, "%s,%d,%s,%.10g,%s,%s,%.2f,%.2f\n", w->label, w->nparam, set[j], w->value[j], sens_measure_names[s->measure],
                    mon, fabs(w->result[j]) < 0.005 ? 0.0 : w->result[j], fabs(w->result[2] - w->result[0]));
    }
    return ferror(f) ? -1 : 0;
}

int sens_write_txt(FILE *f, const void *ctx)
{
    const sens_t *s = ctx;
    char mon[8], words[96], a[32], b[32], d[32];
    month_label(s->month, mon);
    sens_measure_words(s, words, sizeof words);
    fprintf(f, "caseflow %s sensitivity: %s%s%s, %s at the end of %s (%d months after the %s), %d paired replications, seed %llu.\n",
            CASEFLOW_VERSION, s->scenario, s->policy ? " against " : "", s->policy ? s->policy_name : "", words, mon, s->at,
            s->policy ? "policy starts" : "start", s->reps, s->seed);
    fmt_num(a, sizeof a, s->central, 0);
    fprintf(f, "Every assumption at its central value: %s.  Each assumption alone at its low and its high value, the others\n"
               "central (medians of the replications, same seed), largest swing first:\n", a);
    for (int i = 0; i < s->n; i++) {
        const sens_row *w = &s->row[i];
        fmt_num(a, sizeof a, w->result[0], 0);
        fmt_num(b, sizeof b, w->result[2], 0);
        fmt_num(d, sizeof d, fabs(w->result[2] - w->result[0]), 0);
        fprintf(f, "  %-52s low %-10g -> %10s   high %-10g -> %10s   swing %s\n", w->label, w->value[0], a, w->value[2], b, d);
    }
    if (s->skipped)
        fprintf(f, "Not varied: %d assumption%s on staff that cannot move %s (workforce rules move only staff figures; costs only the cost).\n",
                s->skipped, s->skipped == 1 ? "" : "s", words);
    return ferror(f) ? -1 : 0;
}

int sens_drivers(const compare_t *c, int p, int k, sens_driver out[3], int *tried)
{
    const scenario_t *s = c->sc[p];
    int reps = c->res[p]->nrep, n = 0;
    *tried = 0;
    if (s->central || reps < UNC_MIN_REPS) return 0;
    int ts = ptable_find(c->diff[p], "caseload.total"), bs = c->lay[0]->total, ps = c->lay[p]->total;
    if (ts < 0) return 0;
    double *x = malloc((size_t)reps * sizeof *x), *y = malloc((size_t)reps * sizeof *y);
    if (!x || !y) { free(x); free(y); return 0; }
    double my = 0, syy = 0;
    for (int r = 0; r < reps; r++) {
        y[r] = results_rep(c->res[p], r)[(size_t)k * (size_t)c->res[p]->nser + (size_t)ps] -
               results_rep(c->res[0], r)[(size_t)k * (size_t)c->res[0]->nser + (size_t)bs];
        my += y[r] / reps;
    }
    for (int r = 0; r < reps; r++) syy += (y[r] - my) * (y[r] - my);
    /* an effect the same in every replication (none, or no draw reaches
     * it) follows no assumption: r is undefined, not 0 */
    if (!(syy > 0)) { free(x); free(y); return 0; }
    for (int j = 0; j < s->nranges; j++) {
        const unc_range *g = &s->ranges[j];
        /* a staff rule or cost cannot move the caseload (the caseload is
         * worked out before any workforce rule is read): its r is chance */
        int seen = g->low == g->high || !can_move(SENS_CASELOAD, g->path);
        for (int q = 0; q < j && !seen; q++) seen = !strcmp(s->ranges[q].key, g->key);
        if (seen) continue;
        double mx = 0, sxy = 0, sxx = 0;
        for (int r = 0; r < reps; r++) {
            x[r] = unc_value(s, g, runner_rep_seed(c->res[p]->seed, r));
            mx += x[r] / reps;
        }
        for (int r = 0; r < reps; r++) {
            sxy += (x[r] - mx) * (y[r] - my);
            sxx += (x[r] - mx) * (x[r] - mx);
        }
        if (!(sxx > 0)) continue;
        ++*tried;
        double rho = sxy / sqrt(sxx * syy);
        /* insert by |r|, keeping the top three */
        int at = n < 3 ? n : 3;
        while (at > 0 && fabs(rho) > fabs(out[at - 1].r)) at--;
        if (at >= 3) continue;
        for (int q = (n < 3 ? n : 2); q > at; q--) out[q] = out[q - 1];
        snprintf(out[at].label, sizeof out[at].label, "%s", g->label);
        out[at].r = rho;
        if (n < 3) n++;
    }
    free(x);
    free(y);
    return n;
}
