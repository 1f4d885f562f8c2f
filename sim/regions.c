/* regions.c: reading `regions:` and building each region's scenario (regions.h). */
#include "regions.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "numfmt.h"
#include "params.h"
#include "workforce.h"

static char *copy_str(const char *t)
{
    char *c = malloc(strlen(t) + 1);
    if (c) strcpy(c, t);
    return c;
}

/* Staff in post a region may give: the grades, trainees, SPOs. */
static const char *const staff_keys[4] = { "probation_officer", "probation_services_officer", "trainees", "senior_probation_officer" };

static int read_workforce(errlist_t *e, const scenario_t *s, cnode *n, region_t *r)
{
    if (!cn_is_map(e, n, "the region's workforce ({share: S, probation_officer: FTE, ...})")) return -1;
    if (!s->wf) {
        cn_error(e, n, "a region's workforce is given but the scenario has no workforce: section (expected one, or no workforce here)");
        cn_finish_map(e, n);
        return -1;
    }
    int rc = cn_get_num(e, n, "share", 0, 1e-6, 1, "the region's share of the national staff, above 0 and at most 1", &r->wf_share) < 0;
    for (int k = 0; k < 4; k++)
        rc |= cn_get_num(e, n, staff_keys[k], 0, 0, 1e6, "FTE in post at the start, 0 to 1,000,000", &r->start_fte[k]) < 0;
    if (!isnan(r->start_fte[3]) && !s->wf->prac.has_spo) {
        cn_error(e, n, "senior_probation_officer is given but the scenario's workforce has no senior_probation_officer: section (expected none here)");
        rc = 1;
    }
    rc |= cn_finish_map(e, n) > 0;
    return rc ? -1 : 0;
}

static int read_rates(errlist_t *e, const scenario_t *s, cnode *n, region_t *r)
{
    if (!cn_is_map(e, n, "rule parameters and the region's values ({PATH: VALUE})")) return -1;
    if (n->n > 256) { cn_error(e, n, "%d rates (expected at most 256)", n->n); return -1; }
    r->rate_id = calloc((size_t)n->n + 1, sizeof *r->rate_id);
    r->rate_val = calloc((size_t)n->n + 1, sizeof *r->rate_val);
    if (!r->rate_id || !r->rate_val) return -1;
    int rc = 0;
    for (int i = 0; i < n->n; i++) {
        n->used[i] = 1;
        int id = param_find(s, n->key[i]);
        param_info p;
        if (id < 0 || param_get(s, id, &p)) {
            errlist_add(e, n->file, n->key_line[i], n->key_col[i],
                        "'%s' is not a rule parameter of this scenario (expected a path that `caseflow params` lists)", n->key[i]);
            rc = 1;
            continue;
        }
        int lever_only = 0;
        for (int d = 0; d < s->ndisp; d++)
            lever_only |= id == param_disp(s, d, PD_DIVERT_SHARE) || id == param_disp(s, d, PD_DONE_SHARE) ||
                          id == param_disp(s, d, PD_DONE_AT);
        if (lever_only) {
            errlist_add(e, n->file, n->key_line[i], n->key_col[i],
                        "'%s' acts only through its lever (expected a presumption_short_sentences or end_on_completion lever with regions: [...])",
                        n->key[i]);
            rc = 1;
            continue;
        }
        for (int j = 0; j < r->nrates; j++)
            if (r->rate_id[j] == id) {
                errlist_add(e, n->file, n->key_line[i], n->key_col[i], "'%s' is given twice (expected each rate once)", n->key[i]);
                rc = 1;
            }
        char ex[96];
        snprintf(ex, sizeof ex, "a number from %g to %g (%s)", p.lo, p.hi, p.unit);
        double v;
        if (cn_num(e, n->kid[i], p.lo, p.hi, ex, &v)) { rc = 1; continue; }
        r->rate_id[r->nrates] = id;
        r->rate_val[r->nrates++] = param_to_model(&p, v);
    }
    return rc ? -1 : 0;
}

static int read_stock(errlist_t *e, cnode *n, region_t *r, double national_people)
{
    if (!cn_is_map(e, n, "the region's starting stock by supervision type")) return -1;
    int rc = 0;
    for (int t = 0; t < SUP_N; t++)
        rc |= cn_get_num(e, n, sup_names[t], 1, 0, 1e8, "a number of people >= 0 (a region's stock gives every type)", &r->stock[t]) < 0;
    int has_p = cn_get_num(e, n, "people", 0, 1, 1e8, "people under supervision at the start, each counted once", &r->stock_people);
    rc |= has_p < 0;
    rc |= cn_finish_map(e, n) > 0;
    r->has_stock = 1;
    if (rc) return -1;
    if (has_p > 0 && scenario_check_people(e, n, r->stock_people, r->stock)) return -1;
    if (!has_p && national_people > 0) {
        cn_error(e, n, "no people: the national stock counts people once (people: %.0f), so a region's own stock must too (expected people: N)",
                 national_people);
        return -1;
    }
    return 0;
}

static int read_region(errlist_t *e, scenario_t *s, cnode *n, region_t *r)
{
    if (!cn_is_map(e, n, "a region ({name: NAME, share: S, ...})")) return -1;
    r->line = n->line;
    r->col = n->col;
    r->wf_share = NAN;
    for (int k = 0; k < 4; k++) r->start_fte[k] = NAN;
    int rc = 0;
    const char *t;
    cnode *k = cn_get(e, n, "name", 1, "a name that goes into series names (letters, digits, '_' or '-')");
    if (!k || cn_str(e, k, &t) || scenario_check_name(e, k, t)) rc = 1;
    else {
        for (int i = 0; i < s->nregions; i++)
            if (s->regions[i].name && !strcmp(s->regions[i].name, t)) {
                cn_error(e, k, "region '%s' is listed twice (expected distinct names)", t);
                rc = 1;
            }
        if (!(r->name = copy_str(t))) return -1;
    }
    if ((k = cn_get(e, n, "label", 0, ""))) {
        if (cn_str(e, k, &t)) rc = 1;
        else if (!t[0] || strlen(t) > 64) { cn_error(e, k, "label is %zu characters (expected 1 to 64)", strlen(t)); rc = 1; }
        else if (!(r->label = copy_str(t))) return -1;
    }
    rc |= cn_get_num(e, n, "share", 1, 1e-6, 1, "the region's share of the national caseload, above 0 and at most 1", &r->share) < 0;
    r->vol_share = malloc((size_t)s->ndisp * sizeof *r->vol_share);
    if (!r->vol_share) return -1;
    for (int d = 0; d < s->ndisp; d++) r->vol_share[d] = r->share;
    if ((k = cn_get(e, n, "volume_share", 0, ""))) {
        if (!cn_is_map(e, k, "the region's share of each disposal's volume ({DISPOSAL: S})")) rc = 1;
        else
            for (int d = 0; d < s->ndisp; d++)
                rc |= cn_get_num(e, k, s->disp[d].name, 0, 0, 1, "a share from 0 to 1", &r->vol_share[d]) < 0;
        if (k->type == CN_MAP) rc |= cn_finish_map(e, k) > 0;
    }
    if ((k = cn_get(e, n, "stock", 0, "")) && read_stock(e, k, r, s->stock_people)) rc = 1;
    if ((k = cn_get(e, n, "workforce", 0, "")) && read_workforce(e, s, k, r)) rc = 1;
    if ((k = cn_get(e, n, "rates", 0, "")) && read_rates(e, s, k, r)) rc = 1;
    rc |= cn_finish_map(e, n) > 0;
    if (!r->label && r->name && !(r->label = copy_str(r->name))) return -1;
    return rc ? -1 : 0;
}

/* Shares summing to 1 within 0.001, then scaled to exactly 1. */
static int check_sum(errlist_t *e, const cnode *n, scenario_t *s, int d)
{
    double sum = 0;
    for (int i = 0; i < s->nregions; i++) sum += d < 0 ? s->regions[i].share : s->regions[i].vol_share[d];
    if (fabs(sum - 1) > 0.001) {
        if (d < 0) cn_error(e, n, "the regions' shares sum to %.4f (expected 1, within 0.001)", sum);
        else cn_error(e, n, "the regions' shares of %s's volume sum to %.4f (expected 1, within 0.001)", s->disp[d].name, sum);
        return -1;
    }
    for (int i = 0; i < s->nregions; i++) {
        if (d < 0) s->regions[i].share /= sum;
        else s->regions[i].vol_share[d] /= sum;
    }
    return 0;
}

/* Largest remainder: n[i] = round shares of total, summing to total exactly. */
static void apportion(double total, const double *w, int k, double *out)
{
    double ws = 0, got = 0;
    for (int i = 0; i < k; i++) ws += w[i];
    long want = lround(total);
    for (int i = 0; i < k; i++) {
        out[i] = ws > 0 ? floor((double)want * w[i] / ws) : 0;
        got += out[i];
    }
    for (long left = want - (long)got; left > 0; left--) {
        int best = -1;
        double bf = -1;
        for (int i = 0; i < k; i++) {
            double f = ws > 0 ? (double)want * w[i] / ws - out[i] : 0;
            if (f > bf + 1e-12) { bf = f; best = i; }
        }
        if (best < 0) break;
        out[best] += 1;
    }
}

/* A national count shared among the regions that do not give their own
 * (own[i] NaN): the national less the regions' own, by weight (w[i], the
 * region's share), rounded to whole people by largest remainder when
 * `whole`.  Every region giving its own must add up to the national.  0, or
 * -1 after reporting at n. */
static int share_out(errlist_t *e, const cnode *n, const scenario_t *s, const char *what, double national,
                     const double *own, const double *w, int whole, double *out)
{
    int R = s->nregions, rest = 0;
    double given = 0, ww[REGIONS_MAX], part[REGIONS_MAX], wsum = 0;
    for (int i = 0; i < R; i++) {
        if (isnan(own[i])) { ww[i] = w[i]; wsum += w[i]; rest++; }
        else { ww[i] = 0; given += own[i]; }
    }
    if (given > national + 0.5) {
        cn_error(e, n, "the regions' own %s sum to %.0f, above the national %.0f (expected at most the national figure)", what, given, national);
        return -1;
    }
    if (!rest && fabs(given - national) > 0.5) {
        cn_error(e, n, "every region gives its own %s and they sum to %.0f, not the national %.0f (expected the regions to add up to the nation)",
                 what, given, national);
        return -1;
    }
    if (whole) apportion(national - given, ww, R, part);
    for (int i = 0; i < R; i++) /* (none given: shares summing to 1 by construction, so the plain product) */
        out[i] = !isnan(own[i]) ? own[i] : whole ? part[i] : rest == R ? national * ww[i] : wsum > 0 ? (national - given) * ww[i] / wsum : 0;
    return 0;
}

/* The stock of regions that give none, and the staff in post of regions
 * that give none, from the national less the regions' own. */
static int split_counts(errlist_t *e, const cnode *n, scenario_t *s)
{
    int R = s->nregions;
    double own[REGIONS_MAX], w[REGIONS_MAX], out[REGIONS_MAX];
    for (int t = 0; t <= SUP_N; t++) {
        double national = t < SUP_N ? s->stock[t] : s->stock_people;
        if (t == SUP_N && !(national > 0)) break;
        for (int i = 0; i < R; i++) {
            const region_t *r = &s->regions[i];
            own[i] = !r->has_stock ? NAN : t < SUP_N ? r->stock[t] : r->stock_people;
            w[i] = r->share;
        }
        char what[64];
        snprintf(what, sizeof what, "stocks of %s", t < SUP_N ? sup_names[t] : "people");
        if (share_out(e, n, s, what, national, own, w, 1, out)) return -1;
        for (int i = 0; i < R; i++) {
            if (t < SUP_N) s->regions[i].stock[t] = out[i];
            else s->regions[i].stock_people = out[i];
        }
    }
    const workforce_t *wf = s->wf;
    for (int k = 0; wf && k < 4; k++) {
        if (k == 3 && !wf->prac.has_spo) break;
        double national = k < GR_N ? wf->grade[k].start_fte : k == 2 ? wf->tr_start : wf->prac.spo.start_fte;
        for (int i = 0; i < R; i++) {
            own[i] = s->regions[i].start_fte[k];
            w[i] = s->regions[i].wf_share;
        }
        char what[64];
        snprintf(what, sizeof what, "%s in post (FTE)", staff_keys[k]);
        if (share_out(e, n, s, what, national, own, w, 0, out)) return -1;
        for (int i = 0; i < R; i++) s->regions[i].start_fte[k] = out[i];
    }
    return 0;
}

int regions_read(errlist_t *e, scenario_t *s, cnode *n)
{
    if (!cn_is_seq(e, n, "a list of regions ({name: NAME, share: S, ...})")) return -1;
    if (n->n < 1 || n->n > REGIONS_MAX) { cn_error(e, n, "%d regions (expected 1 to %d)", n->n, REGIONS_MAX); return -1; }
    if (s->warmup) { cn_error(e, n, "regions need a starting stock by type (expected stock counts, not warmup_years)"); return -1; }
    s->regions = calloc((size_t)n->n, sizeof *s->regions);
    if (!s->regions) return -1;
    int rc = 0;
    for (int i = 0; i < n->n; i++) {
        int r = read_region(e, s, n->kid[i], &s->regions[s->nregions]);
        s->nregions++;
        if (r) rc = -1;
    }
    if (rc) return -1;
    rc |= check_sum(e, n, s, -1);
    for (int d = 0; d < s->ndisp && !rc; d++) rc |= check_sum(e, n, s, d);
    /* staff shares given for some regions: with the others' caseload
     * shares they must share out the whole national staff */
    double wsum = 0;
    int wgiven = 0;
    for (int i = 0; i < s->nregions; i++) {
        wgiven |= !isnan(s->regions[i].wf_share);
        if (isnan(s->regions[i].wf_share)) s->regions[i].wf_share = s->regions[i].share;
        wsum += s->regions[i].wf_share;
    }
    if (!rc && wgiven && fabs(wsum - 1) > 0.001) {
        cn_error(e, n, "the regions' shares of the staff sum to %.4f (a region's workforce share, or else its share; expected 1, within 0.001)", wsum);
        rc = -1;
    }
    for (int i = 0; i < s->nregions && !rc; i++) s->regions[i].wf_share /= wsum;
    if (!rc) rc = split_counts(e, n, s);
    return rc;
}

int regions_find(const scenario_t *s, const char *name)
{
    for (int i = 0; i < s->nregions; i++)
        if (!strcmp(s->regions[i].name, name)) return i;
    return -1;
}

int regions_mask(errlist_t *e, const scenario_t *s, cnode *n, uint64_t *mask)
{
    *mask = 0;
    if (!s->nregions) {
        cn_error(e, n, "a lever names regions but the scenario has no regions: section (expected no regions: here)");
        return -1;
    }
    if (!cn_is_seq(e, n, "a list of region names")) return -1;
    if (n->n < 1) { cn_error(e, n, "no regions (expected at least one region name, or no regions: for every region)"); return -1; }
    int rc = 0;
    for (int i = 0; i < n->n; i++) {
        const char *t;
        if (cn_str(e, n->kid[i], &t)) { rc = -1; continue; }
        int r = regions_find(s, t);
        if (r < 0) {
            char list[600] = "";
            for (int j = 0; j < s->nregions && strlen(list) < 500; j++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", j ? ", " : "", s->regions[j].name);
            cn_error(e, n->kid[i], "unknown region '%.64s' (expected one of: %s)", t, list);
            rc = -1;
            continue;
        }
        *mask |= (uint64_t)1 << r;
    }
    return rc;
}

int regions_lever_applies(const scenario_t *s, uint64_t lever_mask)
{
    return !s->parent || !lever_mask || ((lever_mask >> s->region) & 1);
}

double regions_count_scale(const scenario_t *s, int id)
{
    return s->count_scale && id >= 0 ? s->count_scale[id] : 1;
}

/* ---- each region as a scenario ------------------------------------------------ */

static void free_region_sc(scenario_t *rs)
{
    if (!rs) return;
    if (rs->wf) free(rs->wf->other_amount);
    free(rs->wf);
    free(rs->disp);
    free(rs->count_scale);
    free(rs);
}

/* Which rule parameters are national counts, and the region's factor. */
static int count_scales(scenario_t *rs, const region_t *r)
{
    int n = param_count(rs);
    rs->count_scale = malloc((size_t)n * sizeof *rs->count_scale);
    if (!rs->count_scale) return -1;
    for (int id = 0; id < n; id++) rs->count_scale[id] = 1;
    for (int d = 0; d < rs->ndisp; d++) rs->count_scale[param_disp(rs, d, PD_VOLUME)] = r->vol_share[d];
    const workforce_t *w = rs->wf;
    if (!w) return 0;
    for (int g = 0; g <= GR_N; g++) rs->count_scale[param_staff(rs, g, PS_EXTRA)] = r->wf_share;
    for (int i = 0; i < w->nother; i++)
        if (!w->other_flow[i]) rs->count_scale[param_other_work(rs, i)] = r->share;
    if (w->prac.on) rs->count_scale[param_prac(rs, PP_SPO_EXTRA)] = r->wf_share;
    return 0;
}

static void scale_grade(grade_t *g, double share, double fte)
{
    g->start_fte = fte;
    g->recruit_n *= share;
    g->target_fte *= share;
}

static scenario_t *region_sc(const scenario_t *s, int i)
{
    const region_t *r = &s->regions[i];
    scenario_t *rs = malloc(sizeof *rs);
    if (!rs) return NULL;
    *rs = *s;
    rs->parent = s;
    rs->region = i;
    rs->nregions = 0;
    rs->regions = NULL;
    rs->region_sc = NULL;
    rs->nhistory = 0;
    rs->history = NULL;
    rs->wf = NULL;
    rs->count_scale = NULL;
    rs->disp = malloc((size_t)s->ndisp * sizeof *rs->disp);
    if (!rs->disp) { free_region_sc(rs); return NULL; }
    for (int d = 0; d < s->ndisp; d++) {
        rs->disp[d] = s->disp[d];
        rs->disp[d].volume *= r->vol_share[d];
    }
    for (int t = 0; t < SUP_N; t++) rs->stock[t] = r->stock[t];
    rs->stock_people = r->stock_people;
    if (s->wf) {
        workforce_t *w = malloc(sizeof *w);
        if (!w) { free_region_sc(rs); return NULL; }
        *w = *s->wf;
        rs->wf = w;
        w->other_amount = malloc(((size_t)w->nother + 1) * sizeof *w->other_amount);
        if (!w->other_amount) { free_region_sc(rs); return NULL; }
        for (int k = 0; k < w->nother; k++) w->other_amount[k] = s->wf->other_amount[k] * (w->other_flow[k] ? 1 : r->share);
        for (int g = 0; g < GR_N; g++) scale_grade(&w->grade[g], r->wf_share, r->start_fte[g]);
        w->tr_start = r->start_fte[2];
        w->tr_intake *= r->wf_share;
        if (w->prac.has_spo) scale_grade(&w->prac.spo, r->wf_share, r->start_fte[3]);
    }
    if (count_scales(rs, r)) { free_region_sc(rs); return NULL; }
    return rs;
}

int regions_build(scenario_t *s)
{
    if (!s->nregions) return 0;
    s->region_sc = calloc((size_t)s->nregions, sizeof *s->region_sc);
    if (!s->region_sc) return -1;
    for (int i = 0; i < s->nregions; i++)
        if (!(s->region_sc[i] = region_sc(s, i))) return -1;
    return 0;
}

void regions_free(scenario_t *s)
{
    for (int i = 0; i < s->nregions; i++) {
        region_t *r = &s->regions[i];
        free(r->name);
        free(r->label);
        free(r->vol_share);
        free(r->rate_id);
        free(r->rate_val);
        if (s->region_sc) free_region_sc(s->region_sc[i]);
    }
    free(s->regions);
    free(s->region_sc);
    s->regions = NULL;
    s->region_sc = NULL;
    s->nregions = 0;
}

void regions_describe(const scenario_t *s, FILE *out)
{
    if (!s->nregions) return;
    fprintf(out, "\nRegions (%d; the national series are their sums):\n", s->nregions);
    for (int i = 0; i < s->nregions; i++) {
        const region_t *r = &s->regions[i];
        double people = 0;
        for (int t = 0; t < SUP_RECALLED; t++) people += r->stock[t];
        if (r->stock_people > 0) people = r->stock_people;
        char b[32], f[64] = "";
        fmt_num(b, sizeof b, people, 0);
        const scenario_t *rs = s->region_sc ? s->region_sc[i] : NULL;
        if (rs && rs->wf) {
            double fte = rs->wf->grade[GR_PO].start_fte + rs->wf->grade[GR_PSO].start_fte;
            char c[32];
            fmt_num(c, sizeof c, fte, 0);
            snprintf(f, sizeof f, ", %s PO and PSO FTE", c);
        }
        fprintf(out, "  %-26s share %5.1f%%, %s people at the start%s%s%s\n", r->label, 100 * r->share, b, f,
                r->has_stock ? " (own stock)" : "", r->nrates ? " (own rates)" : "");
    }
}
