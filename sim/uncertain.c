/* uncertain.c: ranges on the assumptions (see uncertain.h). */
#include "uncertain.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "params.h"
#include "policy.h"
#include "rng.h"

/* Tier and path names are data, and may be low, central or high (the
 * demand paths are): a map is a range only when every value in it is a
 * single value and it has low and high and also central, dist or group. */
int unc_is_range(const cnode *n)
{
    if (n->type != CN_MAP) return 0;
    int lo = 0, hi = 0, other = 0;
    for (int i = 0; i < n->n; i++) {
        if (n->kid[i]->type != CN_SCALAR) return 0;
        lo |= !strcmp(n->key[i], "low");
        hi |= !strcmp(n->key[i], "high");
        other |= !strcmp(n->key[i], "central") || !strcmp(n->key[i], "dist") || !strcmp(n->key[i], "group");
    }
    return lo && hi && other;
}

static char *dupstr(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

/* Reads one range at n (a mapping) into r; 0 or -1 with a message. */
static int read_range(errlist_t *e, cnode *n, unc_range *r)
{
    const char *want = "a number in the parameter's units";
    int rc = 0;
    r->dist = UNC_TRIANGULAR;
    cnode *d = cn_get(e, n, "dist", 0, "");
    if (d) {
        const char *k = "";
        if (cn_str(e, d, &k)) rc = -1;
        else if (!strcmp(k, "uniform")) r->dist = UNC_UNIFORM;
        else if (strcmp(k, "triangular")) {
            cn_error(e, d, "unknown range distribution '%.40s' (expected triangular or uniform)", k);
            rc = -1;
        }
    }
    int tri = r->dist == UNC_TRIANGULAR && !rc;
    rc |= cn_get_num(e, n, "low", 1, -1e12, 1e12, want, &r->low) < 0;
    rc |= cn_get_num(e, n, "high", 1, -1e12, 1e12, want, &r->high) < 0;
    int has_c = cn_get_num(e, n, "central", tri, -1e12, 1e12, want, &r->central);
    rc |= has_c < 0;
    cnode *g = cn_get(e, n, "group", 0, "");
    const char *gs = NULL;
    if (g) {
        if (cn_str(e, g, &gs)) rc = -1;
        else if (!*gs || strlen(gs) > 64 || strspn(gs, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") < strlen(gs)) {
            cn_error(e, g, "group '%.64s' (expected a name of 1 to 64 letters, digits, '_' or '-')", gs);
            rc = -1;
        }
    }
    rc |= cn_finish_map(e, n) > 0;
    if (rc) return -1;
    if (!has_c) r->central = (r->low + r->high) / 2;
    if (r->low > r->high) {
        cn_error(e, n, "low %g is above high %g (expected low <= central <= high)", r->low, r->high);
        return -1;
    }
    if (r->central < r->low || r->central > r->high) {
        cn_error(e, n, "central %g is outside low %g to high %g (expected low <= central <= high)", r->central, r->low, r->high);
        return -1;
    }
    if (gs) {
        snprintf(r->key, sizeof r->key, "group:%s", gs);
        snprintf(r->label, sizeof r->label, "%s", gs);
    }
    return 0;
}

/* The central value in place of the range: the text as written when given,
 * so the reader sees the same characters as a plain number. */
static int to_scalar(cnode *n, const unc_range *r)
{
    char buf[64];
    const char *text = NULL;
    for (int i = 0; i < n->n; i++)
        if (!strcmp(n->key[i], "central")) text = n->kid[i]->text;
    if (!text) {
        snprintf(buf, sizeof buf, "%.17g", r->central);
        text = buf;
    }
    char *t = dupstr(text);
    if (!t) return -1;
    for (int i = 0; i < n->n; i++) {
        cn_free(n->kid[i]);
        free(n->key[i]);
    }
    free(n->kid);
    free(n->key);
    free(n->key_line);
    free(n->key_col);
    free(n->used);
    n->kid = NULL;
    n->key = NULL;
    n->key_line = n->key_col = NULL;
    n->used = NULL;
    n->n = n->cap = 0;
    n->type = CN_SCALAR;
    n->text = t;
    n->quoted = 0;
    return 0;
}

typedef struct {
    errlist_t *e;
    unc_range *r;
    int n;
    int rc;
} finder;

static void find(finder *f, cnode *n, const char *path, int depth)
{
    if (n->type == CN_SCALAR || depth > CN_MAX_DEPTH) return;
    if (unc_is_range(n)) {
        if (f->n == UNC_MAX) {
            if (!f->rc) cn_error(f->e, n, "more than %d ranges (expected fewer: ranges of one group may share a draw)", UNC_MAX);
            f->rc = -1;
            return;
        }
        unc_range *r = &f->r[f->n];
        memset(r, 0, sizeof *r);
        /* the path is the draw's key and its label, kept whole (cut short,
         * two ranges could share a draw, or a row of sensitivity.csv) */
        size_t len = strlen(path);
        if (len >= sizeof r->key) {
            cn_error(f->e, n, "a range at a path of %zu characters (expected at most %zu)", len, sizeof r->key - 1);
            f->rc = -1;
            return;
        }
        memcpy(r->path, path, len + 1);
        memcpy(r->key, path, len + 1);
        memcpy(r->label, path, len + 1);
        r->line = n->line;
        r->col = n->col;
        r->param = r->lever = -1;
        r->pin = NAN;
        if (read_range(f->e, n, r)) { f->rc = -1; return; }
        if (!(r->file = dupstr(n->file)) || to_scalar(n, r)) { free(r->file); f->rc = -1; return; }
        f->n++;
        return;
    }
    char p[512];
    for (int i = 0; i < n->n; i++) {
        if (n->type == CN_MAP && !path[0] && (!strncmp(n->key[i], "x-", 2) || !strcmp(n->key[i], "history"))) continue;
        cn_child_path(n, i, path, p, sizeof p);
        find(f, n->kid[i], p, depth + 1);
    }
}

int unc_extract(errlist_t *e, cnode *root, unc_range **out, int *n)
{
    *out = NULL;
    *n = 0;
    finder f = { .e = e, .r = calloc(UNC_MAX, sizeof *f.r) };
    if (!f.r) return -1;
    find(&f, root, "", 0);
    if (f.rc || !f.n) {
        for (int i = 0; i < f.n; i++) free(f.r[i].file);
        free(f.r);
        return f.rc;
    }
    *out = f.r;
    *n = f.n;
    return 0;
}

void unc_free(scenario_t *s)
{
    for (int i = 0; i < s->nranges; i++) free(s->ranges[i].file);
    free(s->ranges);
    s->ranges = NULL;
    s->nranges = 0;
}

/* Lever values a range may take: the lever, its key, what it edits, bounds. */
static const struct {
    lever_kind kind;
    const char *key;
    unc_family family;
    double lo, hi;
} lever_keys[] = {
    { LV_PRESUMPTION, "divert_share", UF_DIVERT, 0, 1 },
    { LV_RECALL, "rate_multiplier", UF_RECALL_RATE, 0, 100 },
    { LV_RECALL, "fixed_term_share", UF_FTR_SHARE, 0, 1 },
    { LV_VOLUME, "multiplier", UF_VOLUME, 0, 100 },
    { LV_ACTIVE, "fraction", UF_ACTIVE, 0, 1 },
    { LV_EDIT, "value", UF_EDIT, -1e12, 1e12 },
};

/* A lever's range: policy.N.key is lever N; demand.paths.NAME.N.key is the
 * Nth lever of that demand path, after the policy's when NAME is the path
 * run, and not drawn at all when it is another (2). */
static int bind_lever(errlist_t *e, scenario_t *s, unc_range *r, double *lo, double *hi)
{
    char *end;
    long i;
    int demand = !strncmp(r->path, "demand.paths.", 13);
    if (demand) {
        const char *nm = r->path + 13, *dot = strchr(nm, '.');
        if (!dot) return -1;
        if (!s->demand_path || strlen(s->demand_path) != (size_t)(dot - nm) || strncmp(nm, s->demand_path, (size_t)(dot - nm)))
            return 2;
        i = strtol(dot + 1, &end, 10);
        int first = 0;
        while (first < s->nlevers && !s->levers[first].demand) first++;
        i += first;
    } else i = strtol(r->path + 7, &end, 10);
    if (*end != '.' || i < 0 || i >= s->nlevers) return -1;
    const lever_t *l = &s->levers[i];
    for (size_t k = 0; k < sizeof lever_keys / sizeof lever_keys[0]; k++) {
        if (lever_keys[k].kind != l->kind || strcmp(end + 1, lever_keys[k].key)) continue;
        r->lever = (int)i;
        r->family = lever_keys[k].family;
        /* named and keyed by the lever, not by its place in the list: a lever
         * added before it (in a base) moves no draw */
        int same = 0;
        for (long j = 0; j < i; j++) same += s->levers[j].kind == l->kind && s->levers[j].demand == l->demand;
        char nm[64];
        const char *who = l->demand ? "demand_path" : lever_names[l->kind];
        if (same) snprintf(nm, sizeof nm, "%s#%d.%s", who, same + 1, lever_keys[k].key);
        else snprintf(nm, sizeof nm, "%s.%s", who, lever_keys[k].key);
        if (strncmp(r->key, "group:", 6)) {
            snprintf(r->key, sizeof r->key, "lever:%s", nm);
            snprintf(r->label, sizeof r->label, "%s", nm);
        }
        *lo = lever_keys[k].lo;
        *hi = lever_keys[k].hi;
        if (l->kind == LV_EDIT) {
            param_info p;
            if (l->tranche) {
                errlist_add(e, r->file, r->line, r->col, "a range on a lever with a tranche release (expected a plain number: the tranche releases everyone on the date at one value)");
                return 1;
            }
            if (l->op == OP_SET && !param_get(s, l->param, &p)) { *lo = p.lo; *hi = p.hi; }
        }
        return 0;
    }
    return -1;
}

int unc_bind(errlist_t *e, scenario_t *s)
{
    int rc = 0;
    for (int i = 0; i < s->nranges; i++) {
        unc_range *r = &s->ranges[i];
        double lo = 0, hi = 0;
        int b = -1;
        if (!strncmp(r->path, "policy.", 7) || !strncmp(r->path, "demand.paths.", 13)) b = bind_lever(e, s, r, &lo, &hi);
        if (b == 2) { r->low = r->high = r->central; continue; } /* a demand path not run: nothing to draw */
        else if ((r->param = param_find(s, r->path)) >= 0) {
            param_info p;
            param_get(s, r->param, &p);
            lo = p.lo;
            hi = p.hi;
            r->family = UF_BASE;
            b = 0;
        }
        if (b > 0) { rc = -1; continue; }
        if (b < 0) {
            errlist_add(e, r->file, r->line, r->col,
                        "a range on %s, which no replication can draw (expected a range on a rule parameter, marked L by `caseflow params`, or on a lever's divert_share, rate_multiplier, fixed_term_share, multiplier, fraction or value, in policy: or a demand path)",
                        r->path);
            rc = -1;
            continue;
        }
        if (r->low < lo || r->high > hi) {
            errlist_add(e, r->file, r->line, r->col, "the range %g to %g of %s goes outside the values it can take (expected %g to %g)",
                        r->low, r->high, r->path, lo, hi);
            rc = -1;
        }
    }
    return rc;
}

double unc_u(const char *key, uint64_t rep_seed)
{
    uint64_t h = rng_mix(rng_mix(rep_seed, RNG_PARAM), rng_hash_str(key));
    return ((double)(h >> 11) + 0.5) * 0x1p-53;
}

double unc_quantile(const unc_range *r, double u)
{
    double a = r->low, c = r->central, b = r->high;
    if (r->dist == UNC_UNIFORM) return a + (b - a) * u;
    if (b <= a) return c;
    double f = (c - a) / (b - a);
    return u < f ? a + sqrt(u * (b - a) * (c - a)) : b - sqrt((1 - u) * (b - a) * (b - c));
}

double unc_value(const scenario_t *s, const unc_range *r, uint64_t rep_seed)
{
    if (!isnan(r->pin)) return r->pin;
    /* a region's scenario runs at --central when its nation does (cli.c sets the flag after loading) */
    int central = s->parent ? s->parent->central : s->central;
    if (central || r->low == r->high) return r->central;
    return unc_quantile(r, unc_u(r->key, rep_seed));
}

int unc_assumptions(const scenario_t *s)
{
    int n = 0;
    for (int i = 0; i < s->nranges; i++) {
        const unc_range *r = &s->ranges[i];
        if (r->low == r->high) continue;
        int seen = 0;
        for (int j = 0; j < i && !seen; j++)
            seen = s->ranges[j].low != s->ranges[j].high && !strcmp(s->ranges[j].key, r->key);
        n += !seen;
    }
    return n;
}

int unc_pin(scenario_t *s, const char *key, int side)
{
    int n = 0;
    for (int i = 0; i < s->nranges; i++) {
        unc_range *r = &s->ranges[i];
        if (strcmp(r->key, key)) continue;
        r->pin = side < 0 ? r->low : side > 0 ? r->high : r->central;
        n++;
    }
    return n;
}

void unc_unpin(scenario_t *s)
{
    for (int i = 0; i < s->nranges; i++) s->ranges[i].pin = NAN;
}

void unc_band_words(char *buf, size_t n, int assumptions)
{
    if (assumptions > 0)
        snprintf(buf, n, "the stated ranges of %d assumption%s plus random variation", assumptions, assumptions == 1 ? "" : "s");
    else
        snprintf(buf, n, "random variation only (no assumption is given a range)");
}
