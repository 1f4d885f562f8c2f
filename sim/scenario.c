/* scenario.c: reading and checking a scenario file (see scenario.h). */
#include "scenario.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "numfmt.h"
#include "policy.h"
#include "regions.h"
#include "rng.h"
#include "uncertain.h"
#include "workforce.h"

const char *const sup_names[SUP_N] = {
    "community_order", "suspended_sentence_order", "pre_release",
    "licence", "post_sentence_supervision", "recalled"
};

static const char *const kind_names[] = { "community_order", "suspended_sentence_order", "custody" };

static char *dupstr(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

void month_label(int month, char buf[8])
{
    unsigned mo = (unsigned)month;
    snprintf(buf, 8, "%04u-%02u", (mo / 12u) % 10000u, mo % 12u + 1u);
}

int days_in_month(int month)
{
    static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int y = month / 12, m = month % 12;
    if (m == 1 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return d[m];
}

double month_end_day(const scenario_t *s, int k)
{
    double t = 0;
    for (int i = 1; i <= k; i++) t += days_in_month(s->start + i);
    return t;
}

double scenario_release_fraction_for(const scenario_t *s, double len)
{
    double best = 0.5, gap = INFINITY;
    for (int i = 0; i < s->ndisp; i++) {
        const disposal_t *d = &s->disp[i];
        if (d->kind != KIND_CUSTODY) continue;
        double g = len < d->band_lo ? d->band_lo - len : len > d->band_hi ? len - d->band_hi : 0;
        if (g < gap) { gap = g; best = d->release_fraction; }
    }
    return best;
}

/* ---- reading helpers ------------------------------------------------------ */

/* Reads {dist: ..., ...} into d, multiplied by `unit` (days per YAML unit). */
int scenario_read_dist(errlist_t *e, cnode *n, double unit, const char *what, dist_t *d)
{
    char expect[200];
    snprintf(expect, sizeof expect, "%s as {dist: lognormal|gamma|exponential|uniform|fixed, ...}", what);
    if (!cn_is_map(e, n, expect)) return -1;
    const char *kind;
    cnode *k = cn_get(e, n, "dist", 1, "one of lognormal, gamma, exponential, uniform, fixed");
    if (!k || cn_str(e, k, &kind)) { cn_finish_map(e, n); return -1; }
    int rc = 0;
    double a = 0, b = 0;
    dist_kind dk;
    if (!strcmp(kind, "lognormal") || !strcmp(kind, "gamma")) {
        dk = !strcmp(kind, "gamma") ? DIST_GAMMA : DIST_LOGNORMAL;
        rc |= cn_get_num(e, n, "mean", 1, 1e-9, 1e9, "a positive mean", &a) < 0;
        rc |= cn_get_num(e, n, "sd", 1, 1e-9, 1e9, "a positive standard deviation", &b) < 0;
    } else if (!strcmp(kind, "exponential")) {
        dk = DIST_EXPONENTIAL;
        rc |= cn_get_num(e, n, "mean", 1, 1e-9, 1e9, "a positive mean", &a) < 0;
    } else if (!strcmp(kind, "uniform")) {
        dk = DIST_UNIFORM;
        rc |= cn_get_num(e, n, "min", 1, 0, 1e9, "a minimum >= 0", &a) < 0;
        rc |= cn_get_num(e, n, "max", 1, 0, 1e9, "a maximum >= min", &b) < 0;
        if (!rc && b < a) { cn_error(e, n, "max %g is below min %g (expected min <= max)", b, a); rc = 1; }
    } else if (!strcmp(kind, "fixed")) {
        dk = DIST_FIXED;
        rc |= cn_get_num(e, n, "value", 1, 0, 1e9, "a value >= 0", &a) < 0;
    } else {
        cn_error(e, k, "unknown distribution '%s' (expected lognormal, gamma, exponential, uniform or fixed)", kind);
        cn_finish_map(e, n);
        return -1;
    }
    rc |= cn_finish_map(e, n) > 0;
    if (rc) return -1;
    dist_make(d, dk, a, b);
    dist_scale(d, unit);
    return 0;
}

/* Reads a mapping name -> share over `names`; absent names get 0.  Checks the
 * shares sum to 1 (within 0.001) and rescales them to sum exactly to 1. */
int scenario_read_shares(errlist_t *e, cnode *n, int nn, char *const *names,
                         const char *what, double *out)
{
    char expect[200];
    snprintf(expect, sizeof expect, "%s: a mapping of name to share", what);
    if (!cn_is_map(e, n, expect)) return -1;
    int rc = 0;
    double sum = 0;
    for (int i = 0; i < nn; i++) {
        out[i] = 0;
        int r = cn_get_num(e, n, names[i], 0, 0, 1, "a share between 0 and 1", &out[i]);
        if (r < 0) rc = -1;
        sum += out[i];
    }
    if (cn_finish_map(e, n)) rc = -1;
    if (rc) return -1;
    if (fabs(sum - 1) > 1e-3) {
        cn_error(e, n, "%s sum to %.4g (expected shares that sum to 1)", what, sum);
        return -1;
    }
    for (int i = 0; i < nn; i++) out[i] /= sum;
    return 0;
}

/* Names of tiers, report types and disposals become series names (columns
 * of series.csv, words in charts): 1 to 64 letters, digits, '_' or '-', so
 * that no name holds a comma or a newline and two names never collide when
 * shortened.  Returns 0, or -1 after reporting the problem at n. */
int scenario_check_name(errlist_t *e, cnode *n, const char *s)
{
    size_t len = strlen(s);
    size_t ok = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");
    if (len == 0 || len > 64) {
        cn_error(e, n, "a name of %zu characters (expected 1 to 64 letters, digits, '_' or '-')", len);
        return -1;
    }
    if (ok < len) {
        cn_error(e, n, "name '%.64s' has the character '%c' (expected only letters, digits, '_' or '-')", s,
                 (s[ok] >= 32 && s[ok] < 127) ? s[ok] : '?');
        return -1;
    }
    return 0;
}

/* Reads a list of distinct plain names. */
static int read_names(errlist_t *e, cnode *n, const char *what, int *count, char ***out)
{
    if (!cn_is_seq(e, n, what)) return -1;
    if (n->n == 0 || n->n > 64) {
        cn_error(e, n, "%d %s (expected 1 to 64)", n->n, what);
        return -1;
    }
    char **v = calloc((size_t)n->n, sizeof *v);
    if (!v) return -1;
    *out = v;
    *count = n->n;
    int rc = 0;
    for (int i = 0; i < n->n; i++) {
        const char *s;
        if (cn_str(e, n->kid[i], &s) || scenario_check_name(e, n->kid[i], s)) { rc = -1; continue; }
        for (int j = 0; j < i; j++)
            if (v[j] && !strcmp(v[j], s)) { cn_error(e, n->kid[i], "'%s' is listed twice (expected distinct names)", s); rc = -1; }
        v[i] = dupstr(s);
    }
    return rc;
}

/* ---- sections -------------------------------------------------------------- */

static int read_reports(errlist_t *e, scenario_t *s, cnode *n)
{
    if (!cn_is_map(e, n, "report types (name: {lead_days: N})")) return -1;
    if (n->n == 0 || n->n > 16) { cn_error(e, n, "%d report types (expected 1 to 16)", n->n); return -1; }
    s->nreports = n->n;
    s->reports = calloc((size_t)n->n, sizeof *s->reports);
    s->report_lead = calloc((size_t)n->n, sizeof *s->report_lead);
    if (!s->reports || !s->report_lead) return -1;
    int rc = 0;
    for (int i = 0; i < n->n; i++) {
        n->used[i] = 1;
        cnode *r = n->kid[i];
        if (scenario_check_name(e, r, n->key[i])) { rc = -1; continue; }
        s->reports[i] = dupstr(n->key[i]);
        if (!cn_is_map(e, r, "a report type ({lead_days: N})")) { rc = -1; continue; }
        if (cn_get_num(e, r, "lead_days", 1, 0, 365, "days from writing the report to sentence, 0 to 365",
                       &s->report_lead[i]) < 0) rc = -1;
        if (cn_finish_map(e, r)) rc = -1;
    }
    return rc;
}

int scenario_check_people(errlist_t *e, cnode *n, double people, const double *stock)
{
    double types = 0;
    for (int t = 0; t < SUP_RECALLED; t++) types += stock[t];
    if (people <= types && people >= types / 2) return 0;
    cn_error(e, n, "people %.0f against %.0f in the supervision types (expected between half the types' sum and their sum: a person is counted once in each type they are in; a stock given under extends: inherits people from the base, so give people too)",
             people, types);
    return -1;
}

static int read_stock(errlist_t *e, scenario_t *s, cnode *n)
{
    if (!cn_is_map(e, n, "the starting stock")) return -1;
    int rc = 0;
    double w = 0;
    int has_w = cn_get_num(e, n, "warmup_years", 0, 1, 200, "a warm-up length in years, 1 to 200", &w);
    if (has_w < 0) rc = -1;
    int given = 0;
    for (int t = 0; t < SUP_N; t++) {
        int r = cn_get_num(e, n, sup_names[t], 0, 0, 1e8, "a number of people >= 0", &s->stock[t]);
        if (r < 0) rc = -1;
        given += r > 0;
    }
    int has_p = cn_get_num(e, n, "people", 0, 1, 1e8, "people under supervision at the start, each counted once", &s->stock_people);
    if (has_p < 0) rc = -1;
    if (cn_finish_map(e, n)) rc = -1;
    if (rc) return -1;
    if (has_p > 0 && scenario_check_people(e, n, s->stock_people, s->stock)) return -1;
    if (has_w > 0 && given) {
        cn_error(e, n, "both warmup_years and stock counts are given (expected one method: counts, or a warm-up run)");
        return -1;
    }
    if (has_w > 0) { s->warmup = 1; s->warmup_years = w; }
    else if (!given) {
        cn_error(e, n, "no starting stock (expected counts for community_order, suspended_sentence_order, pre_release, licence, post_sentence_supervision, recalled, or warmup_years)");
        return -1;
    }
    return 0;
}

static int read_custody(errlist_t *e, scenario_t *s, cnode *n)
{
    if (!cn_is_map(e, n, "the custody rules")) return -1;
    int rc = 0;
    cnode *p = cn_get(e, n, "post_sentence_supervision", 1, "the PSS rule: {min_sentence_days, max_sentence_months, supervision_months}");
    if (p && cn_is_map(e, p, "the PSS rule")) {
        double lo = 0, hi = 0, len = 0;
        rc |= cn_get_num(e, p, "min_sentence_days", 1, 0, 3650, "days, PSS applies to sentences longer than this", &lo) < 0;
        rc |= cn_get_num(e, p, "max_sentence_months", 1, 0, 60, "months, 0 to 60, PSS applies to sentences shorter than this (0 = no PSS; the law's is 24)", &hi) < 0;
        rc |= cn_get_num(e, p, "supervision_months", 1, 0, 120, "months of supervision after release, in total", &len) < 0;
        s->pss_share = 1;
        rc |= cn_get_num(e, p, "share_supervised", 0, 0, 1, "the share of eligible releases that start PSS, 0 to 1", &s->pss_share) < 0;
        rc |= cn_finish_map(e, p) > 0;
        s->pss_min_len = lo;
        s->pss_max_len = hi * DAYS_PER_MONTH;
        s->pss_days = len * DAYS_PER_MONTH;
    } else rc = 1;
    cnode *r = cn_get(e, n, "recall", 1, "the recall rules");
    if (r && cn_is_map(e, r, "the recall rules")) {
        double rate = 0, thr = 0;
        rc |= cn_get_num(e, r, "monthly_rate", 1, 0, 1, "the chance a month that a person on licence is recalled, 0 to 1", &rate) < 0;
        rc |= cn_get_num(e, r, "fixed_term_share", 1, 0, 1, "the share of recalls that are fixed-term, 0 to 1", &s->ftr_share) < 0;
        rc |= cn_get_num(e, r, "fixed_term_days_short", 1, 0, 3650, "days of a fixed-term recall for sentences under the threshold", &s->ftr_short) < 0;
        rc |= cn_get_num(e, r, "fixed_term_days_long", 1, 0, 3650, "days of a fixed-term recall for sentences at or over the threshold", &s->ftr_long) < 0;
        rc |= cn_get_num(e, r, "threshold_months", 1, 0, 1200, "the sentence length in months that separates short and long fixed-term recalls", &thr) < 0;
        cnode *d = cn_get(e, r, "standard_recall_days", 1, "a distribution of days in custody on a standard recall");
        if (!d || scenario_read_dist(e, d, 1.0, "days in custody on a standard recall", &s->std_recall)) rc = 1;
        rc |= cn_finish_map(e, r) > 0;
        /* monthly probability -> constant hazard per day */
        s->recall_rate = rate < 1 ? -log1p(-rate) / DAYS_PER_MONTH : 1.0;
        s->ftr_threshold = thr * DAYS_PER_MONTH;
    } else rc = 1;
    cnode *h = cn_get(e, n, "home_detention_curfew", 0, "");
    if (h && cn_is_map(e, h, "the HDC rule: {min_sentence_days, max_sentence_months, window_days, min_days, min_fraction, take_up}")) {
        double lo = 0, hi = 0;
        rc |= cn_get_num(e, h, "min_sentence_days", 1, 0, 3650, "days, HDC applies to sentences of at least this", &lo) < 0;
        rc |= cn_get_num(e, h, "max_sentence_months", 1, 0, 1200, "months, HDC applies to sentences under this", &hi) < 0;
        rc |= cn_get_num(e, h, "window_days", 1, 0, 3650, "days before the release point that HDC can start, at most", &s->hdc_window) < 0;
        rc |= cn_get_num(e, h, "min_days", 1, 0, 3650, "days in custody after sentence before HDC, at least", &s->hdc_min_days) < 0;
        rc |= cn_get_num(e, h, "min_fraction", 1, 0, 1, "the share of the custodial part served before HDC, at least, 0 to 1", &s->hdc_min_fraction) < 0;
        rc |= cn_get_num(e, h, "take_up", 1, 0, 1, "the share of eligible people released on HDC, 0 to 1", &s->hdc_take_up) < 0;
        rc |= cn_finish_map(e, h) > 0;
        s->hdc_on = 1;
        s->hdc_min_len = lo;
        s->hdc_max_len = hi * DAYS_PER_MONTH;
    } else if (h) rc = 1;
    rc |= cn_finish_map(e, n) > 0;
    return rc ? -1 : 0;
}

static int read_disposal(errlist_t *e, scenario_t *s, cnode *n, disposal_t *d)
{
    if (!cn_is_map(e, n, "a disposal")) return -1;
    int rc = 0;
    const char *str;
    cnode *k = cn_get(e, n, "name", 1, "a name such as community_order");
    if (k && !cn_str(e, k, &str) && !scenario_check_name(e, k, str)) d->name = dupstr(str);
    else rc = 1;
    cnode *kn = cn_get(e, n, "kind", 1, "community_order, suspended_sentence_order or custody");
    int kind = -1;
    if (kn && !cn_str(e, kn, &str)) {
        for (int i = 0; i < 3; i++)
            if (!strcmp(str, kind_names[i])) kind = i;
        if (kind < 0) cn_error(e, kn, "unknown kind '%s' (expected community_order, suspended_sentence_order or custody)", str);
    }
    if (kind < 0) { cn_finish_map(e, n); return -1; }
    d->kind = (disposal_kind)kind;
    rc |= cn_get_num(e, n, "annual_volume", 1, 0, 1e7, "sentences a year, >= 0", &d->volume) < 0;
    d->trend = 0;
    rc |= cn_get_num(e, n, "trend", 0, -0.5, 1, "a yearly growth rate between -0.5 and 1", &d->trend) < 0;
    for (int m = 0; m < 12; m++) d->season[m] = 1;
    cnode *sn = cn_get(e, n, "seasonality", 0, "");
    if (sn) {
        if (!cn_is_seq(e, sn, "12 monthly factors, January to December") ) rc = 1;
        else if (sn->n != 12) { cn_error(e, sn, "%d factors (expected 12, January to December)", sn->n); rc = 1; }
        else {
            double sum = 0;
            for (int m = 0; m < 12; m++) {
                rc |= cn_num(e, sn->kid[m], 0, 12, "a factor between 0 and 12", &d->season[m]) < 0;
                sum += d->season[m];
            }
            if (!rc && fabs(sum / 12 - 1) > 1e-3) {
                cn_error(e, sn, "factors average %.4g (expected an average of 1)", sum / 12);
                rc = 1;
            }
        }
    }
    cnode *ln = cn_get(e, n, "length_months", 1, "a distribution of lengths in months");
    if (!ln || scenario_read_dist(e, ln, DAYS_PER_MONTH, "the length in months", &d->length)) rc = 1;
    d->tier_share = calloc((size_t)s->ntiers, sizeof *d->tier_share);
    d->psr_mix = calloc((size_t)s->nreports, sizeof *d->psr_mix);
    if (!d->tier_share || !d->psr_mix) return -1;
    cnode *tn = cn_get(e, n, "tier_shares", 1, "a mapping of tier to share");
    if (!tn || scenario_read_shares(e, tn, s->ntiers, s->tiers, "tier shares", d->tier_share)) rc = 1;
    cnode *rn = cn_get(e, n, "reports", 1, "{share: S, mix: {type: share, ...}}");
    if (rn && cn_is_map(e, rn, "the reports before sentence")) {
        rc |= cn_get_num(e, rn, "share", 1, 0, 1, "the share of sentences with a report, 0 to 1", &d->psr_share) < 0;
        cnode *mn = cn_get(e, rn, "mix", 1, "a mapping of report type to share");
        if (!mn || scenario_read_shares(e, mn, s->nreports, s->reports, "report mix shares", d->psr_mix)) rc = 1;
        rc |= cn_finish_map(e, rn) > 0;
    } else rc = 1;

    d->already_supervised = 0;
    rc |= cn_get_num(e, n, "already_supervised", 0, 0, 1, "the share of these sentences passed on people already under supervision or in custody, 0 to 1", &d->already_supervised) < 0;
    if (d->kind == KIND_CUSTODY) {
        rc |= cn_get_num(e, n, "already_in_custody", 0, 0, 1, "the share of these sentences passed on people already in custody, 0 to 1", &d->already_in_custody) < 0;
        if (!rc && d->already_supervised + d->already_in_custody > 1) {
            cn_error(e, n, "already_supervised + already_in_custody is %g (expected at most 1)", d->already_supervised + d->already_in_custody);
            rc = 1;
        }
        d->recall_factor = 1;
        rc |= cn_get_num(e, n, "recall_factor", 0, 0, 100, "the band's recall rate relative to custody.recall.monthly_rate, 0 to 100", &d->recall_factor) < 0;
        d->hdc_eligible = 0;
        rc |= cn_get_num(e, n, "hdc_eligible", 0, 0, 1, "the share of the band's sentences eligible for HDC, 0 to 1", &d->hdc_eligible) < 0;
        if (d->hdc_eligible > 0 && !s->hdc_on) {
            cn_error(e, n, "hdc_eligible is given but custody has no home_detention_curfew rule (expected custody.home_detention_curfew)");
            rc = 1;
        }
        cnode *ex = cn_get(e, n, "extended", 0, "");
        if (ex && cn_is_map(e, ex, "extended-licence sentences: {share, release_fraction, licence_months}")) {
            rc |= cn_get_num(e, ex, "share", 1, 0, 1, "the share of the band's sentences with an extended licence, 0 to 1", &d->ext_share) < 0;
            rc |= cn_get_num(e, ex, "release_fraction", 1, 0.01, 1, "the share of the custodial term served before release, 0.01 to 1", &d->ext_rf) < 0;
            cnode *el = cn_get(e, ex, "licence_months", 1, "a distribution of the extension in months");
            if (!el || scenario_read_dist(e, el, DAYS_PER_MONTH, "the extended licence in months", &d->ext_licence)) rc = 1;
            rc |= cn_finish_map(e, ex) > 0;
        } else if (ex) rc = 1;
        cnode *rm = cn_get(e, n, "remand", 0, "");
        if (rm && cn_is_map(e, rm, "time on remand: {share, days}")) {
            rc |= cn_get_num(e, rm, "share", 1, 0, 1, "the share of sentences with time on remand, 0 to 1", &d->remand_share) < 0;
            cnode *rd = cn_get(e, rm, "days", 1, "a distribution of days on remand");
            if (!rd || scenario_read_dist(e, rd, 1.0, "days on remand", &d->remand_days)) rc = 1;
            rc |= cn_finish_map(e, rm) > 0;
        } else if (rm) rc = 1;
        double f = 0;
        rc |= cn_get_num(e, n, "release_fraction", 1, 0.01, 1, "the share of the sentence served before release, 0.01 to 1", &f) < 0;
        d->release_fraction = f;
        cnode *bn = cn_get(e, n, "band_months", 1, "[lowest, highest] sentence length in months");
        if (bn && cn_is_seq(e, bn, "[lowest, highest] in months")) {
            double lo = 0, hi = 0;
            if (bn->n != 2) { cn_error(e, bn, "%d values (expected 2: [lowest, highest] in months)", bn->n); rc = 1; }
            else if (cn_num(e, bn->kid[0], 0, 1200, "months >= 0", &lo) || cn_num(e, bn->kid[1], 0, 1200, "months, at most 1200", &hi)) rc = 1;
            else if (hi <= lo) { cn_error(e, bn, "band [%g, %g] is empty (expected lowest < highest)", lo, hi); rc = 1; }
            d->band_lo = lo * DAYS_PER_MONTH;
            d->band_hi = hi * DAYS_PER_MONTH;
        } else rc = 1;
    } else {
        cnode *on = cn_get(e, n, "outcomes", 1, "{completed, early_termination, revoked} shares");
        if (on) {
            static char *onames[] = { "completed", "early_termination", "revoked" };
            double o[3];
            if (scenario_read_shares(e, on, 3, onames, "outcome shares", o)) rc = 1;
            else { d->p_completed = o[0]; d->p_early = o[1]; d->p_revoked = o[2]; }
        } else rc = 1;
        rc |= cn_get_num(e, n, "early_termination_at", 1, 0, 1, "the fraction of the order served when it ends early, 0 to 1", &d->early_at) < 0;
        rc |= cn_get_num(e, n, "revoked_to_custody", 1, 0, 1, "the share of revoked orders that end in custody, 0 to 1", &d->p_breach_custody) < 0;
        cnode *cn = cn_get(e, n, "custody_months", 1, "a distribution of custodial terms in months after revocation");
        if (!cn || scenario_read_dist(e, cn, DAYS_PER_MONTH, "the custodial term in months", &d->breach_custody)) rc = 1;
    }
    rc |= cn_finish_map(e, n) > 0;
    if (d->name) d->key = rng_hash_str(d->name);
    return rc ? -1 : 0;
}

static int read_history(errlist_t *e, scenario_t *s, cnode *n)
{
    if (!cn_is_map(e, n, "observed history ({source: ..., points: [...]})")) return -1;
    int rc = 0;
    const char *src;
    cnode *sn = cn_get(e, n, "source", 1, "where the observed figures come from");
    if (sn && !cn_str(e, sn, &src)) s->history_source = dupstr(src);
    else rc = 1;
    cnode *pn = cn_get(e, n, "points", 1, "a list of {month: YYYY-MM, value: N}");
    if (pn && cn_is_seq(e, pn, "a list of {month: YYYY-MM, value: N}")) {
        s->history = calloc((size_t)pn->n + 1, sizeof *s->history);
        if (!s->history) return -1;
        s->nhistory = pn->n;
        for (int i = 0; i < pn->n; i++) {
            cnode *p = pn->kid[i];
            if (!cn_is_map(e, p, "a point {month: YYYY-MM, value: N}")) { rc = 1; continue; }
            cnode *m = cn_get(e, p, "month", 1, "YYYY-MM");
            if (!m || cn_month(e, m, &s->history[i].month)) rc = 1;
            rc |= cn_get_num(e, p, "value", 1, 0, 1e9, "the observed caseload, >= 0", &s->history[i].value) < 0;
            rc |= cn_finish_map(e, p) > 0;
        }
    } else rc = 1;
    rc |= cn_finish_map(e, n) > 0;
    return rc ? -1 : 0;
}

/* The keys a scenario may have at its top level (besides "x-" blocks). */
static const char *const top_keys[] = {
    "name", "short_name", "description", "start_month", "horizon_months", "replications", "seed", "tiers", "reports",
    "stock", "custody", "disposals", "history", "workforce", "regions", "policy", "demand", "extends", "inherit_policy", NULL
};

static int is_top_key(const char *k)
{
    if (!strncmp(k, "x-", 2)) return 1;
    for (int i = 0; top_keys[i]; i++)
        if (!strcmp(k, top_keys[i])) return 1;
    return 0;
}

/* Loads `path`, following `extends:` (relative to the file), depth-limited.
 * A file named by `extends:` may be anything a user can read, so nothing of
 * its text is echoed unless it is plainly a scenario (its top-level keys are
 * all scenario keys), and a failure to use it is one line. */
static cnode *load_tree(const char *path, errlist_t *e, int depth)
{
    cnode *root = cn_load_quiet(path, e, depth > 0);
    if (!root) return NULL;
    if (depth > 0)
        for (int i = 0; i < root->n; i++)
            if (!is_top_key(root->key[i])) {
                errlist_add(e, path, 0, 0, "not a caseflow scenario: its top level has keys that are not scenario keys (expected name, description, start_month, disposals ...)");
                cn_free(root);
                return NULL;
            }
    /* `inherit_policy: false` says the file's `policy:` replaces the levers
     * of the scenario it extends; by default they are kept and the file's
     * own levers come after them. */
    int inherit = 1;
    cnode *ip = cn_get(e, root, "inherit_policy", 0, "");
    if (ip) {
        const char *v = "";
        if (cn_str(e, ip, &v) || (strcmp(v, "true") && strcmp(v, "false"))) {
            if (ip->type == CN_SCALAR) cn_error(e, ip, "inherit_policy is '%s' (expected true or false)", v);
            cn_free(root);
            return NULL;
        }
        inherit = !strcmp(v, "true");
    }
    cnode *ext = cn_get(e, root, "extends", 0, "");
    if (ip && !ext) {
        cn_error(e, ip, "inherit_policy without extends (expected it only in a scenario that extends another)");
        cn_free(root);
        return NULL;
    }
    if (!ext) return root;
    const char *rel;
    if (cn_str(e, ext, &rel)) { cn_free(root); return NULL; }
    if (depth >= 8) {
        cn_error(e, ext, "scenarios extend each other more than 8 deep (expected a short chain; is there a loop?)");
        cn_free(root);
        return NULL;
    }
    char full[4096];
    const char *slash = strrchr(path, '/');
    if (rel[0] == '/' || !slash)
        snprintf(full, sizeof full, "%s", rel);
    else
        snprintf(full, sizeof full, "%.*s/%s", (int)(slash - path), path, rel);
    errlist_t sub;
    errlist_init(&sub);
    cnode *base = load_tree(full, &sub, depth + 1);
    if (!base) {
        cn_error(e, ext, "cannot use the scenario it extends, '%s' (expected a caseflow scenario file): %s", rel,
                 sub.count ? sub.msg[0] : "out of memory");
        errlist_clear(&sub);
        cn_free(root);
        return NULL;
    }
    errlist_clear(&sub);
    cn_remove(root, "extends");
    cn_remove(base, "extends");
    /* a file that names itself does not take the base's short name */
    if (cn_get(e, root, "name", 0, "") && !cn_get(e, root, "short_name", 0, "")) cn_remove(base, "short_name");
    cn_remove(root, "inherit_policy");
    cnode *own = cn_get(e, root, "policy", 0, ""), *had = cn_get(e, base, "policy", 0, "");
    if (inherit && own && had && own->type == CN_SEQ && had->type == CN_SEQ) {
        for (int i = 0; i < own->n; i++)
            if (cn_append(had, own->kid[i])) {
                errlist_add(e, path, 0, 0, "out of memory merging scenarios");
                cn_free(base);
                cn_free(root);
                return NULL;
            }
        cn_remove(root, "policy");
    }
    if (cn_merge(base, root)) {
        errlist_add(e, path, 0, 0, "out of memory merging scenarios");
        cn_free(base);
        base = NULL;
    }
    cn_free(root);
    return base;
}

cnode *scenario_tree(const char *path, errlist_t *e) { return load_tree(path, e, 0); }

/* A byte below 32 or 127: text that compare.yaml's reader would refuse. */
static int has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 32 || *s == 127) return 1;
    return 0;
}

scenario_t *scenario_load(const char *path, errlist_t *e)
{
    int before = e->count;
    cnode *root = load_tree(path, e, 0);
    if (!root) return NULL;
    scenario_t *s = calloc(1, sizeof *s);
    if (!s) { cn_free(root); return NULL; }
    s->file = dupstr(path);
    int rc = 0;
    const char *str;
    cnode *n;
    /* ranges first: the readers below see their central values (a bad
     * range stops here, so its number is not reported twice) */
    if (unc_extract(e, root, &s->ranges, &s->nranges)) {
        cn_free(root);
        scenario_free(s);
        return NULL;
    }

    if ((n = cn_get(e, root, "name", 1, "a short name for the scenario")) && !cn_str(e, n, &str)) s->name = dupstr(str);
    else rc = 1;
    if ((n = cn_get(e, root, "short_name", 0, ""))) {
        int ctl = 0;
        if (cn_str(e, n, &str)) rc = 1;
        else if ((ctl = has_control(str)) || !str[0] || strlen(str) > SCENARIO_SHORT_NAME) {
            /* the first 40 bytes, less a UTF-8 character cut short */
            int k = strlen(str) > 40 ? 40 : (int)strlen(str);
            while (k > 0 && (unsigned char)str[k] >= 0x80 && (unsigned char)str[k] < 0xc0) k--;
            if (ctl) cn_error(e, n, "short_name has a control character (expected plain text for chart titles and legends)");
            else
                cn_error(e, n, "short_name '%.*s%s' is %zu bytes (expected 1 to %d: a few words for chart titles and legends)", k, str,
                         strlen(str) > 40 ? "..." : "", strlen(str), SCENARIO_SHORT_NAME);
            rc = 1;
        } else s->short_name = dupstr(str);
    }
    if ((n = cn_get(e, root, "description", 1, "a sentence saying what the scenario is")) && !cn_str(e, n, &str)) s->description = dupstr(str);
    else rc = 1;
    if (!(n = cn_get(e, root, "start_month", 1, "YYYY-MM, the month whose end-of-month stock starts the projection")) || cn_month(e, n, &s->start)) rc = 1;
    long v;
    if (cn_get_int(e, root, "horizon_months", 1, 1, 600, "months to project, 1 to 600", &v) < 0) rc = 1;
    else s->horizon = (int)v;
    s->replications = 100;
    if (cn_get_int(e, root, "replications", 0, 1, 1000000, "replications, 1 to 1,000,000", &s->replications) < 0) rc = 1;
    long seed = 1;
    if (cn_get_int(e, root, "seed", 1, 0, 0x7fffffffffffffffL, "a whole number >= 0", &seed) < 0) rc = 1;
    s->seed = (uint64_t)seed;

    /* Disposals are checked against the tiers and report types, so they can
     * be read only when those two were. */
    int names_ok = 1;
    if (!(n = cn_get(e, root, "tiers", 1, "a list of tier names")) || read_names(e, n, "tiers", &s->ntiers, &s->tiers)) rc = 1;
    if (!(n = cn_get(e, root, "reports", 1, "report types, e.g. oral: {lead_days: 0}")) || read_reports(e, s, n)) rc = 1;
    names_ok = s->ntiers > 0 && s->nreports > 0;
    for (int i = 0; i < s->ntiers; i++) names_ok &= s->tiers[i] != NULL;
    for (int i = 0; i < s->nreports; i++) names_ok &= s->reports[i] != NULL;
    if (!(n = cn_get(e, root, "stock", 1, "the starting stock by supervision type")) || read_stock(e, s, n)) rc = 1;
    if (n) { s->stock_line = n->line; s->stock_col = n->col; s->stock_file = dupstr(n->file); }
    if (!(n = cn_get(e, root, "custody", 1, "the custody, licence, PSS and recall rules")) || read_custody(e, s, n)) rc = 1;

    int disp_ok = 0; /* every disposal read: levers may refer to them by name */
    cnode *dn = cn_get(e, root, "disposals", 1, "a list of disposals (community orders, SSOs, custody bands)");
    if (dn && names_ok && cn_is_seq(e, dn, "a list of disposals")) {
        if (dn->n == 0 || dn->n > 64) { cn_error(e, dn, "%d disposals (expected 1 to 64)", dn->n); rc = 1; }
        else {
            s->disp = calloc((size_t)dn->n, sizeof *s->disp);
            if (!s->disp) rc = 1;
            else {
                s->ndisp = dn->n;
                disp_ok = 1;
                for (int i = 0; i < dn->n; i++) {
                    if (read_disposal(e, s, dn->kid[i], &s->disp[i]) || !s->disp[i].name) rc = 1, disp_ok = 0;
                    for (int j = 0; j < i && s->disp[i].name; j++)
                        if (s->disp[j].name && !strcmp(s->disp[j].name, s->disp[i].name)) {
                            cn_error(e, dn->kid[i], "disposal '%s' is listed twice (expected distinct names)", s->disp[i].name);
                            rc = 1;
                        }
                }
            }
        }
    } else if (dn && !names_ok) {
        /* Tiers or report types are broken, so disposals cannot be checked
         * against them; their problems will show once those are fixed. */
    } else rc = 1;

    if ((n = cn_get(e, root, "history", 0, "")) && read_history(e, s, n)) rc = 1;
    if ((n = cn_get(e, root, "workforce", 0, "")) && names_ok && workforce_read(e, s, n)) rc = 1;
    /* regions name disposals and levers name regions */
    int reg_ok = 1;
    if ((n = cn_get(e, root, "regions", 0, "")) && (!disp_ok || rc || regions_read(e, s, n))) rc = 1, reg_ok = 0;
    /* levers name disposals: read them only when every disposal was read
     * (their problems show once the disposals are fixed) */
    cnode *dm = cn_get(e, root, "demand", 0, "");
    if (((n = cn_get(e, root, "policy", 0, "")) || dm) && disp_ok && reg_ok && policy_read(e, s, n, dm)) rc = 1;

    /* Top-level keys starting with "x-" are free blocks for YAML anchors
     * (shared tier mixes and the like), as in docker-compose files. */
    for (int i = 0; i < root->n; i++)
        if (!strncmp(root->key[i], "x-", 2)) root->used[i] = 1;
    if (cn_finish_map(e, root)) rc = 1;
    if (!rc && unc_bind(e, s)) rc = 1;
    if (!rc && regions_build(s)) { errlist_add(e, path, 0, 0, "out of memory building the regions"); rc = 1; }

    if (!rc && s->stock[SUP_CO] + s->stock[SUP_SSO] + s->stock[SUP_PRE] > 0) {
        /* Stock of a type needs a disposal that can produce it. */
        int has[3] = { 0, 0, 0 };
        for (int i = 0; i < s->ndisp; i++) has[s->disp[i].kind] |= s->disp[i].volume > 0;
        const int need[SUP_N] = { KIND_CO, KIND_SSO, KIND_CUSTODY, KIND_CUSTODY, KIND_CUSTODY, KIND_CUSTODY };
        for (int t = 0; t < SUP_N; t++)
            if (s->stock[t] > 0 && !has[need[t]]) {
                errlist_add(e, s->stock_file, s->stock_line, s->stock_col, "a stock of %s is given but no disposal of kind %s has a volume (expected one, to draw the stock's lengths and tiers from)",
                            sup_names[t], kind_names[need[t]]);
                rc = 1;
            }
    }
    if (!rc) {
        /* every stock type must be reachable by new cases (its lengths and
         * tiers are drawn from them): a licence needs release before the end */
        int lic = 0, ord[2] = { 0, 0 };
        for (int i = 0; i < s->ndisp; i++) {
            const disposal_t *d = &s->disp[i];
            if (d->volume <= 0 || d->length.mean <= 0) continue;
            if (d->kind == KIND_CUSTODY) lic |= d->release_fraction < 1;
            else ord[d->kind] = 1;
        }
        const char *bad = NULL;
        if (s->stock[SUP_LICENCE] + s->stock[SUP_RECALLED] > 0 && !lic) bad = "licence or recalled (every custody band is served in full: release_fraction 1)";
        else if (s->stock[SUP_CO] > 0 && !ord[KIND_CO]) bad = "community_order (no community order disposal with a length above 0)";
        else if (s->stock[SUP_SSO] > 0 && !ord[KIND_SSO]) bad = "suspended_sentence_order (no SSO disposal with a length above 0)";
        if (bad)
            errlist_add(e, s->stock_file, s->stock_line, s->stock_col, "a stock of %s cannot be drawn from the disposals (expected disposals that lead to every stock type given)", bad);
    }
    if (!rc && s->stock[SUP_PSS] > 0 && (s->pss_max_len <= s->pss_min_len || s->pss_share <= 0 || s->pss_days <= 0))
        errlist_add(e, s->stock_file, s->stock_line, s->stock_col, "a stock of post_sentence_supervision is given but the PSS rule supervises nobody (expected a PSS range, a share and months above 0)");
    cn_free(root);
    if (rc || e->count > before) {
        if (e->count == before) errlist_add(e, path, 0, 0, "the scenario could not be read");
        scenario_free(s);
        return NULL;
    }
    return s;
}

void scenario_free(scenario_t *s)
{
    if (!s) return;
    for (int i = 0; i < s->ntiers; i++) free(s->tiers[i]);
    for (int i = 0; i < s->nreports; i++) free(s->reports[i]);
    for (int i = 0; i < s->ndisp; i++) {
        free(s->disp[i].name);
        free(s->disp[i].tier_share);
        free(s->disp[i].psr_mix);
    }
    regions_free(s);
    policy_free(s);
    unc_free(s);
    workforce_free(s->wf);
    free(s->disp);
    free(s->tiers);
    free(s->reports);
    free(s->report_lead);
    free(s->history);
    free(s->history_source);
    free(s->demand_path);
    free(s->name);
    free(s->short_name);
    free(s->description);
    free(s->file);
    free(s->stock_file);
    free(s);
}

void scenario_describe(const scenario_t *s, FILE *out)
{
    char m0[8], m1[8], b[64];
    month_label(s->start, m0);
    month_label(s->start + s->horizon, m1);
    fprintf(out, "%s\n%s\n\n", s->name, s->description);
    fprintf(out, "Projects month by month from the stock at the end of %s to the end of %s (%d months), "
                 "%ld replications from seed %llu.\n", m0, m1, s->horizon, s->replications,
            (unsigned long long)s->seed);
    if (s->warmup)
        fprintf(out, "Starting stock: built by a warm-up run of %g years with the start rules.\n", s->warmup_years);
    else {
        double tot = 0;
        for (int t = 0; t < SUP_RECALLED; t++) tot += s->stock[t];
        fmt_num(b, sizeof b, s->stock_people > 0 ? s->stock_people : tot, 0);
        fprintf(out, "Starting stock: %s people under supervision, each counted once (by type, a person counted in each type they are in: ", b);
        for (int t = 0; t < SUP_N; t++) {
            fmt_num(b, sizeof b, s->stock[t], 0);
            fprintf(out, "%s%s %s", t ? ", " : "", sup_names[t], b);
        }
        fprintf(out, "; recalled people are in custody, outside the caseload).\n");
    }
    fprintf(out, "Sentences a year at the start:\n");
    for (int i = 0; i < s->ndisp; i++) {
        const disposal_t *d = &s->disp[i];
        fmt_num(b, sizeof b, d->volume, 0);
        fprintf(out, "  %-34s %9s  %s, mean length %.1f months", d->name, b, kind_names[d->kind],
                d->length.mean / DAYS_PER_MONTH);
        if (d->kind == KIND_CUSTODY)
            fprintf(out, " (band %g-%g months), released at %.0f%%", d->band_lo / DAYS_PER_MONTH,
                    d->band_hi / DAYS_PER_MONTH, 100 * d->release_fraction);
        else
            fprintf(out, ", %.0f%% completed, %.0f%% ended early, %.0f%% revoked (%.0f%% of those to custody)",
                    100 * d->p_completed, 100 * d->p_early, 100 * d->p_revoked, 100 * d->p_breach_custody);
        if (d->trend != 0) fprintf(out, ", trend %+.1f%% a year", 100 * d->trend);
        fprintf(out, ", %.0f%% with a report\n", 100 * d->psr_share);
    }
    fprintf(out, "Post-sentence supervision: sentences over %g days and under %.0f months are supervised for %.0f months after release (%.0f%% of those eligible).\n",
            s->pss_min_len, s->pss_max_len / DAYS_PER_MONTH, s->pss_days / DAYS_PER_MONTH, 100 * s->pss_share);
    if (s->hdc_on)
        fprintf(out, "Home detention curfew: sentences of %g days to under %.0f months, up to %g days before the release point, after %.0f%% of the custodial part and %g days; %.0f%% take-up of those eligible.\n",
                s->hdc_min_len, s->hdc_max_len / DAYS_PER_MONTH, s->hdc_window, 100 * s->hdc_min_fraction, s->hdc_min_days, 100 * s->hdc_take_up);
    for (int i = 0; i < s->ndisp; i++) {
        const disposal_t *d = &s->disp[i];
        if (d->already_supervised > 0 || d->already_in_custody > 0)
            fprintf(out, "  %s: %.0f%% passed on people already supervised, %.0f%% on people in custody\n", d->name,
                    100 * d->already_supervised, 100 * d->already_in_custody);
        if (d->remand_share > 0)
            fprintf(out, "  %s: %.0f%% with time on remand (mean %.0f days), counted as served\n", d->name, 100 * d->remand_share, d->remand_days.mean);
        if (d->ext_share > 0)
            fprintf(out, "  %s: %.0f%% extended (released at %.0f%% of the term, licence extended by a mean %.0f months)\n", d->name,
                    100 * d->ext_share, 100 * d->ext_rf, d->ext_licence.mean / DAYS_PER_MONTH);
        if (d->kind == KIND_CUSTODY && d->recall_factor != 1)
            fprintf(out, "  %s: recall rate x%.2f\n", d->name, d->recall_factor);
    }
    fprintf(out, "Recall: %.2f%% of people on licence a month; %.0f%% fixed-term (%g days, or %g days for sentences of %.0f months or more); "
                 "standard recalls held a mean of %.0f days.\n",
            100 * (1 - exp(-s->recall_rate * DAYS_PER_MONTH)), 100 * s->ftr_share, s->ftr_short, s->ftr_long,
            s->ftr_threshold / DAYS_PER_MONTH, s->std_recall.mean);
    fprintf(out, "Tiers: %d (", s->ntiers);
    for (int i = 0; i < s->ntiers; i++) fprintf(out, "%s%s", i ? " " : "", s->tiers[i]);
    fprintf(out, "); report types: %d (", s->nreports);
    for (int i = 0; i < s->nreports; i++) fprintf(out, "%s%s", i ? ", " : "", s->reports[i]);
    fprintf(out, ").\n");
    workforce_describe(s, out);
    regions_describe(s, out);
    policy_describe(s, out);
}
