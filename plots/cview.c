/* cview.c: the numbers a comparison's charts need, from memory or re-read
 * from the comparison's folder (compare.yaml, levels.csv, difference.csv). */
#include "cview.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "policy.h"
#include "uncertain.h"

static char *dupstr(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

void cview_free(cview_t *v)
{
    if (!v) return;
    for (int i = 0; i < v->n; i++) {
        if (v->stem) free(v->stem[i]);
        if (v->name) free(v->name[i]);
        if (v->label) free(v->label[i]);
        if (v->lev) ptable_free(v->lev[i]);
        if (v->diff) ptable_free(v->diff[i]);
        if (v->rlev) ptable_free(v->rlev[i]);
        if (v->rdiff) ptable_free(v->rdiff[i]);
    }
    for (int r = 0; r < v->nreg; r++) {
        free(v->rname[r]);
        free(v->rlabel[r]);
    }
    free(v->rlev);
    free(v->rdiff);
    free(v->stem);
    free(v->name);
    free(v->label);
    free(v->lever);
    free(v->whole);
    free(v->lev);
    free(v->diff);
    free(v);
}

/* A view of n scenarios with empty arrays, or NULL. */
static cview_t *cview_alloc(int n)
{
    cview_t *v = calloc(1, sizeof *v);
    if (!v) return NULL;
    v->n = n;
    v->stem = calloc((size_t)n, sizeof *v->stem);
    v->name = calloc((size_t)n, sizeof *v->name);
    v->label = calloc((size_t)n, sizeof *v->label);
    v->lever = malloc((size_t)n * sizeof *v->lever);
    v->whole = malloc((size_t)n * sizeof *v->whole);
    v->lev = calloc((size_t)n, sizeof *v->lev);
    v->diff = calloc((size_t)n, sizeof *v->diff);
    if (!v->stem || !v->name || !v->label || !v->lever || !v->whole || !v->lev || !v->diff) { cview_free(v); return NULL; }
    for (int i = 0; i < n; i++) v->lever[i] = v->whole[i] = -1;
    return v;
}

/* A CV_N-row table over the view's months, rows named like the CSVs'. */
static ptable_t *view_table(const cview_t *v)
{
    ptable_t *t = ptable_create(v->start, v->horizon + 1, CV_N);
    if (!t) return NULL;
    for (int q = 0; q < CV_N; q++)
        if (!(t->name[q] = dupstr(q == CV_TOTAL ? "caseload.total" : money_series[q - 1]))) { ptable_free(t); return NULL; }
    return t;
}

/* The view's region tables (2 x nreg rows, named like the CSVs' series),
 * once rname[] is set; 0 or -1 (memory). */
static int region_tables(cview_t *v)
{
    if (!v->nreg) return 0;
    v->rlev = calloc((size_t)v->n, sizeof *v->rlev);
    v->rdiff = calloc((size_t)v->n, sizeof *v->rdiff);
    if (!v->rlev || !v->rdiff) return -1;
    for (int i = 0; i < v->n; i++)
        for (int d = 0; d < 2; d++) {
            if (d && !i) continue;
            ptable_t *t = ptable_create(v->start, v->horizon + 1, 2 * v->nreg);
            if (!t) return -1;
            (d ? v->rdiff : v->rlev)[i] = t;
            for (int r = 0; r < v->nreg; r++) {
                char name[128];
                snprintf(name, sizeof name, "region.%s.caseload.total", v->rname[r]);
                if (!(t->name[CV_RCASE(r)] = dupstr(name))) return -1;
                snprintf(name, sizeof name, "region.%s.staff.capacity_pct.total", v->rname[r]);
                if (!(t->name[CV_RCAP(r)] = dupstr(name))) return -1;
            }
        }
    return 0;
}

/* Each region's rows of scenario i from a finished comparison, rounded as
 * levels.csv holds them (difference.csv's are as compare.c keeps them). */
static void region_rows(cview_t *v, const compare_t *c, int i)
{
    const results_t *r = c->res[i];
    const double *src[ST_N] = { r->mean, r->p5, r->p50, r->p95 };
    for (int q = 0; q < 2 * v->nreg; q++) {
        int s = layout_find(c->lay[i], v->rlev[i]->name[q]);
        int sd = i ? ptable_find(c->diff[i], v->rlev[i]->name[q]) : -1;
        for (int st = 0; st < ST_N; st++)
            for (int k = 0; k <= v->horizon; k++) {
                if (s >= 0) ptable_row(v->rlev[i], q, st)[k] = ptable_round(src[st][results_at(r, k, s)]);
                if (sd >= 0) ptable_row(v->rdiff[i], q, st)[k] = ptable_row(c->diff[i], sd, st)[k];
            }
    }
}

cview_t *cview_from_compare(const compare_t *c, const char *made)
{
    cview_t *v = cview_alloc(c->n);
    if (!v) return NULL;
    v->start = c->sc[0]->start;
    v->horizon = c->sc[0]->horizon;
    v->nrep = c->res[0]->nrep;
    v->seed = (unsigned long long)c->res[0]->seed;
    v->money = c->money;
    v->assumptions = 0;
    for (int i = 0; i < c->n; i++)
        if (!c->sc[i]->central && unc_assumptions(c->sc[i]) > v->assumptions) v->assumptions = unc_assumptions(c->sc[i]);
    snprintf(v->made, sizeof v->made, "%s", made);
    const scenario_t *b = c->sc[0];
    for (int r = 0; r < b->nregions && r < PMETA_REGIONS; r++) {
        v->rname[r] = dupstr(b->regions[r].name);
        v->rlabel[r] = dupstr(b->regions[r].label ? b->regions[r].label : b->regions[r].name);
        v->nreg = r + 1;
        if (!v->rname[r] || !v->rlabel[r]) goto fail;
    }
    if (region_tables(v)) goto fail;
    int H = v->horizon;
    assert(c->res[0]->nmonth == H + 1);
    for (int i = 0; i < c->n; i++) {
        const char *sn = c->sc[i]->short_name ? c->sc[i]->short_name : c->sc[i]->name;
        if (!(v->stem[i] = dupstr(c->stem[i])) || !(v->name[i] = dupstr(c->sc[i]->name)) || !(v->label[i] = dupstr(sn)))
            goto fail;
        if (i) {
            v->lever[i] = policy_first_new_month(c->sc[i], c->sc[0]);
            v->whole[i] = policy_first_whole_month(c->sc[i], c->sc[0]);
        }
        if (!(v->lev[i] = view_table(v)) || (i && !(v->diff[i] = view_table(v)))) goto fail;
        const results_t *r = c->res[i];
        const double *src[ST_N] = { r->mean, r->p5, r->p50, r->p95 };
        int ts = ptable_find(c->diff[i] ? c->diff[i] : c->diff[1], "caseload.total");
        for (int st = 0; st < ST_N; st++)
            for (int k = 0; k <= H; k++) {
                /* rounded as levels.csv holds them, so a redraw is the same */
                ptable_row(v->lev[i], CV_TOTAL, st)[k] = ptable_round(src[st][results_at(r, k, r->lay->total)]);
                if (i) ptable_row(v->diff[i], CV_TOTAL, st)[k] = ptable_row(c->diff[i], ts, st)[k];
                for (int q = 0; c->money && q < MN_N; q++) {
                    ptable_row(v->lev[i], CV_M(q), st)[k] = ptable_row(c->mlev[i], q, st)[k];
                    if (i) ptable_row(v->diff[i], CV_M(q), st)[k] = ptable_row(c->mdiff[i], q, st)[k];
                }
            }
        if (v->nreg) region_rows(v, c, i);
    }
    return v;
fail:
    cview_free(v);
    return NULL;
}

int cview_headline_months(const cview_t *v, int p, int rows[4], int after[4])
{
    int L = v->whole[p], n = 0;
    if (L >= 0)
        for (int y = 1; y <= 3; y++) {
            int k = L - 1 + 12 * y - v->start; /* end of the 12th whole month under the lever */
            if (k >= 1 && k < v->horizon) { rows[n] = k; after[n] = 12 * y; n++; }
        }
    rows[n] = v->horizon;
    after[n] = L >= 0 ? v->start + v->horizon - (L - 1) : -1;
    return n + 1;
}

int cview_finding_row(const cview_t *v, int p)
{
    int rows[4], after[4];
    int n = cview_headline_months(v, p, rows, after);
    for (int i = 0; i < n; i++)
        if (after[i] == 24) return rows[i];
    return rows[n - 1];
}

/* ---- compare.yaml ----------------------------------------------------------- */

static void put_str(FILE *f, const char *indent, const char *key, const char *s)
{
    fputs(indent, f);
    ptable_put_str(f, key, s);
}

int cview_write(FILE *f, const void *view)
{
    const cview_t *v = view;
    char mon[8];
    fprintf(f, "# What caseflow's comparison charts need to be redrawn (caseflow plot OUTDIR),\n"
               "# with levels.csv and difference.csv.\n");
    put_str(f, "", "made", v->made);
    fprintf(f, "replications: %d\nseed: %llu\n", v->nrep, v->seed);
    if (v->assumptions >= 0) fprintf(f, "assumptions: %d  # ranged assumptions drawn (the intervals cover them)\n", v->assumptions);
    month_label(v->start, mon);
    fprintf(f, "start: %s\nhorizon_months: %d\nmoney: %d  # 1: every scenario has a workforce\nscenarios:\n", mon, v->horizon,
            v->money);
    for (int i = 0; i < v->n; i++) {
        put_str(f, "  - ", "stem", v->stem[i]);
        put_str(f, "    ", "name", v->name[i]);
        if (strcmp(v->label[i], v->name[i])) put_str(f, "    ", "short_name", v->label[i]);
        if (i && v->lever[i] >= 0) {
            month_label(v->lever[i], mon);
            fprintf(f, "    first_lever: %s\n", mon);
            if (v->whole[i] != v->lever[i]) {
                month_label(v->whole[i], mon);
                fprintf(f, "    counts_from: %s  # the first whole month under it (dated after the 1st)\n", mon);
            }
        }
    }
    pmeta_put_regions(f, v->nreg, v->rname, v->rlabel);
    return ferror(f) ? -1 : 0;
}

/* A string of 1 to max bytes without control characters, copied. */
static int read_text(errlist_t *e, cnode *map, const char *key, int max, const char *what, char **out)
{
    const char *s;
    cnode *n = cn_get(e, map, key, 1, what);
    if (!n || cn_str(e, n, &s)) return -1;
    size_t len = strlen(s);
    int ctl = 0;
    for (const char *p = s; *p; p++) ctl |= (unsigned char)*p < 32 || *p == 127;
    if (!len || len > (size_t)max || ctl) {
        cn_error(e, n, "%s is %s (expected %s of 1 to %d bytes without control characters)", key,
                 !len ? "empty" : ctl ? "not plain text" : "too long", what, max);
        return -1;
    }
    return (*out = dupstr(s)) ? 0 : -1;
}

static cview_t *read_meta(const char *path, errlist_t *e)
{
    cnode *root = cn_load(path, e);
    if (!root) return NULL;
    cnode *sc = cn_get(e, root, "scenarios", 1, "a list of the scenarios, the base first");
    int n = sc && cn_is_seq(e, sc, "a list of the scenarios") ? sc->n : 0, rc = 0;
    if (sc && (n < 2 || n > CVIEW_MAX_SCENARIOS)) {
        cn_error(e, sc, "%d scenarios (expected 2 to %d: the base and its options)", n, CVIEW_MAX_SCENARIOS);
        n = 0;
    }
    cview_t *v = n ? cview_alloc(n) : NULL;
    if (!v) {
        if (n) errlist_add(e, path, 0, 0, "out of memory");
        cn_free(root);
        return NULL;
    }
    long x;
    const char *s;
    cnode *m = cn_get(e, root, "made", 1, "YYYY-MM-DD");
    if (!m || cn_str(e, m, &s)) rc = 1;
    else if (!ptable_is_date(s)) { cn_error(e, m, "'%.20s' is not a date (expected YYYY-MM-DD, e.g. 2026-01-02)", s); rc = 1; }
    else snprintf(v->made, sizeof v->made, "%s", s);
    rc |= cn_get_int(e, root, "replications", 1, 1, 100000000, "a count", &x) < 0;
    v->nrep = (int)x;
    rc |= cn_get_int(e, root, "seed", 1, 0, 0x7fffffffffffffffL, "a seed", &x) < 0;
    v->seed = (unsigned long long)x;
    if (!(m = cn_get(e, root, "start", 1, "YYYY-MM")) || cn_month(e, m, &v->start)) rc = 1;
    rc |= cn_get_int(e, root, "horizon_months", 1, 1, CSV_MAX_MONTHS - 1, "months", &x) < 0;
    v->horizon = (int)x;
    rc |= cn_get_int(e, root, "money", 1, 0, 1, "1 or 0", &x) < 0;
    v->money = (int)x;
    v->assumptions = -1;
    int ra = cn_get_int(e, root, "assumptions", 0, 0, UNC_MAX, "the number of assumptions drawn, 0 to 256", &x);
    rc |= ra < 0;
    if (ra > 0) v->assumptions = (int)x;
    for (int i = 0; i < n; i++) {
        cnode *p = sc->kid[i];
        if (!cn_is_map(e, p, "a scenario: stem, name and first_lever")) { rc = 1; continue; }
        rc |= read_text(e, p, "stem", CVIEW_MAX_STEM, "the scenario's file stem", &v->stem[i]) != 0;
        rc |= read_text(e, p, "name", CVIEW_MAX_NAME, "the scenario's name", &v->name[i]) != 0;
        if (cn_get(e, p, "short_name", 0, ""))
            rc |= read_text(e, p, "short_name", SCENARIO_SHORT_NAME, "the scenario's short name", &v->label[i]) != 0;
        else if (v->name[i] && !(v->label[i] = dupstr(v->name[i]))) rc = 1;
        if (i && (m = cn_get(e, p, "first_lever", 0, "")) && cn_month(e, m, &v->lever[i])) rc = 1;
        /* counts_from: only when the first lever is dated after the 1st (a
         * file without it counts from first_lever) */
        v->whole[i] = v->lever[i];
        if (i && (m = cn_get(e, p, "counts_from", 0, ""))) {
            if (cn_month(e, m, &v->whole[i])) rc = 1;
            else if (v->lever[i] < 0 || v->whole[i] != v->lever[i] + 1) {
                cn_error(e, m, "counts_from without first_lever, or not the month after it (expected the month after "
                               "first_lever, written only when the lever is dated after the 1st)");
                rc = 1;
            }
        }
        for (int j = 0; j < i && v->stem[i]; j++)
            if (v->stem[j] && !strcmp(v->stem[j], v->stem[i])) {
                cn_error(e, p, "stem '%s' comes twice (expected each scenario once)", v->stem[i]);
                rc = 1;
            }
        rc |= cn_finish_map(e, p) > 0;
    }
    rc |= pmeta_read_regions(e, root, &v->nreg, v->rname, v->rlabel) != 0;
    rc |= cn_finish_map(e, root) > 0;
    cn_free(root);
    if (!rc && region_tables(v)) {
        errlist_add(e, path, 0, 0, "out of memory");
        rc = 1;
    }
    if (rc) { cview_free(v); return NULL; }
    return v;
}

/* Copies series name of t (read from path) into row q of out, checking it
 * covers every month of the view. */
static int take(const char *path, const char *stem, const ptable_t *t, const char *name, ptable_t *out, int q, errlist_t *e)
{
    char m0[8];
    int s = ptable_find(t, name);
    if (s < 0) {
        errlist_add(e, path, 0, 0, "no %s rows for %s (expected every month of them, as caseflow compare writes)", name, stem);
        return -1;
    }
    for (int k = 0; k < out->nmonth; k++)
        for (int st = 0; st < ST_N; st++) {
            double x = ptable_row(t, s, st)[k + out->start - t->start];
            if (isnan(x)) {
                month_label(out->start + k, m0);
                errlist_add(e, path, 0, 0, "no row for %s, %s in %s (expected every month of the comparison)", stem, name, m0);
                return -1;
            }
            ptable_row(out, q, st)[k] = x;
        }
    return 0;
}

/* Has table t any value of series name (a wanted series the file lacks is
 * all NAN)? */
static int any_row(const ptable_t *t, const char *name)
{
    int s = ptable_find(t, name);
    for (int k = 0; s >= 0 && k < t->nmonth; k++)
        if (!isnan(ptable_row(t, s, ST_P50)[k])) return 1;
    return 0;
}

/* Reads one of the comparison's tables into v's rows (diff: the options'). */
static int read_tables(cview_t *v, const char *dir, int diff, errlist_t *e)
{
    char path[4400], m0[8], m1[8], w0[8], w1[8];
    snprintf(path, sizeof path, "%s/%s", dir, diff ? "difference.csv" : "levels.csv");
    int k0 = diff ? 1 : 0, nk = v->n - k0;
    ptable_t **t = calloc((size_t)nk, sizeof *t);
    if (!t) { errlist_add(e, path, 0, 0, "out of memory"); return -1; }
    /* only the series the view holds: the file may be far larger */
    const char *want[CV_N + 2 * PMETA_REGIONS];
    int nwant = 0;
    ptable_t *names = view_table(v);
    if (!names) { free(t); errlist_add(e, path, 0, 0, "out of memory"); return -1; }
    for (int q = 0; q < CV_N; q++) want[nwant++] = names->name[q];
    const ptable_t *rn = v->nreg ? v->rlev[0] : NULL;
    for (int q = 0; rn && q < rn->nser; q++) want[nwant++] = rn->name[q];
    int rc = ptable_read_keyed(path, nk, v->stem + k0, want, nwant, t, e);
    ptable_free(names);
    if (!rc && (t[0]->start != v->start || t[0]->nmonth != v->horizon + 1)) {
        month_label(t[0]->start, m0);
        month_label(t[0]->start + t[0]->nmonth - 1, m1);
        month_label(v->start, w0);
        month_label(v->start + v->horizon, w1);
        errlist_add(e, path, 0, 0, "months run from %s to %s (expected %s to %s, as compare.yaml says)", m0, m1, w0, w1);
        rc = -1;
    }
    for (int i = 0; !rc && i < nk; i++) {
        ptable_t *out = view_table(v);
        if (!out) { errlist_add(e, path, 0, 0, "out of memory"); rc = -1; break; }
        if (diff) v->diff[k0 + i] = out;
        else v->lev[k0 + i] = out;
        for (int q = 0; !rc && q < (v->money ? CV_N : 1); q++) {
            /* the staff short came later: a folder made before it has no
             * such rows, and its charts fall back to the net gap (NAN) */
            if ((q == CV_M(MN_SHORT) || q == CV_M(MN_COST_SHORT)) && !any_row(t[i], out->name[q])) continue;
            rc = take(path, v->stem[k0 + i], t[i], out->name[q], out, q, e);
        }
        /* each region's caseload; its capacity used with a workforce */
        ptable_t *ro = v->nreg ? (diff ? v->rdiff : v->rlev)[k0 + i] : NULL;
        for (int q = 0; !rc && ro && q < ro->nser; q++)
            if (q == CV_RCASE(q / 2) || v->money) rc = take(path, v->stem[k0 + i], t[i], ro->name[q], ro, q, e);
    }
    for (int i = 0; i < nk; i++) ptable_free(t[i]);
    free(t);
    return rc;
}

cview_t *cview_read(const char *dir, errlist_t *e)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/compare.yaml", dir);
    cview_t *v = read_meta(path, e);
    if (v && (read_tables(v, dir, 0, e) || read_tables(v, dir, 1, e))) {
        cview_free(v);
        return NULL;
    }
    return v;
}
