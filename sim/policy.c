/* policy.c: reading, checking and describing levers (policy.h).  Applying
 * them is the rulebook's job (rulebook.c). */
#include "policy.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "params.h"
#include "regions.h"
#include "workforce.h"

const char *const lever_names[LV_N] = {
    "presumption_short_sentences", "release_point", "end_pss", "recall", "volume", "reports",
    "end_active_supervision", "staffing", "end_supervision", "end_on_completion", "edit"
};
const char *const edit_op_names[3] = { "set", "multiply", "add" };

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Model day of the start of day `d` of month `mon` (YYYY*12+MM-1). */
static double model_day(const scenario_t *s, int mon, int d)
{
    int m0 = s->start + 1;
    return (double)(days_from_civil(mon / 12, mon % 12 + 1, d) - days_from_civil(m0 / 12, m0 % 12 + 1, 1));
}

static int read_from(errlist_t *e, const scenario_t *s, cnode *n, lever_t *l)
{
    cnode *f = cn_get(e, n, "from", 1, "YYYY-MM or YYYY-MM-DD, when the lever takes effect");
    if (!f) return -1;
    if (f->type == CN_SCALAR && strlen(f->text) == 10) {
        int y, m, d;
        char tail;
        if (sscanf(f->text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || y < 1900 || y > 2200 || m < 1 ||
            m > 12 || d < 1 || d > days_in_month(y * 12 + m - 1)) {
            cn_error(e, f, "'%s' is not a date (expected YYYY-MM-DD or YYYY-MM)", f->text);
            return -1;
        }
        l->from_month = y * 12 + m - 1;
        l->from_day = d;
    } else {
        if (cn_month(e, f, &l->from_month)) return -1;
        l->from_day = 1;
    }
    /* a lever after the horizon is allowed (a shorter run of a longer
     * policy file); `check` warns that it does nothing */
    l->from = model_day(s, l->from_month, l->from_day);
    return 0;
}

/* Reads `disposals: [names]` into a mask; absent = every disposal of `kind`
 * (kind < 0: every disposal). */
/* Disposals a lever may name: any (-1), custody bands (KIND_CUSTODY) or
 * community disposals, orders and SSOs (ORDERS). */
#define ORDERS (-2)
static int kind_fits(const scenario_t *s, int d, int kind)
{
    return kind == -1 || (kind == ORDERS ? s->disp[d].kind != KIND_CUSTODY : (int)s->disp[d].kind == kind);
}

static int read_disp_list(errlist_t *e, const scenario_t *s, cnode *n, lever_t *l, int kind)
{
    l->disp = calloc((size_t)s->ndisp, 1);
    if (!l->disp) return -1;
    cnode *dl = cn_get(e, n, "disposals", 0, "");
    if (!dl) {
        l->all_disp = 1;
        for (int d = 0; d < s->ndisp; d++) l->disp[d] = (unsigned char)kind_fits(s, d, kind);
        return 0;
    }
    if (!cn_is_seq(e, dl, "a list of disposal names")) return -1;
    int rc = 0;
    for (int i = 0; i < dl->n; i++) {
        const char *nm;
        if (cn_str(e, dl->kid[i], &nm)) { rc = -1; continue; }
        int found = -1;
        for (int d = 0; d < s->ndisp; d++)
            if (!strcmp(s->disp[d].name, nm)) found = d;
        if (found < 0) { cn_error(e, dl->kid[i], "no disposal named '%s' (expected one of the scenario's disposals)", nm); rc = -1; }
        else if (!kind_fits(s, found, kind)) {
            cn_error(e, dl->kid[i], "disposal '%s' is %s (expected %s)", nm,
                     s->disp[found].kind == KIND_CUSTODY ? "a custody band" : "a community disposal",
                     kind == ORDERS ? "a community order or suspended sentence order" : "a custody band");
            rc = -1;
        } else l->disp[found] = 1;
    }
    return rc;
}

/* {set|multiply|add: PATH, value: V, from: DATE, phase_in_months: N,
 *  applies_to: new_sentences|everyone} */
static int read_edit(errlist_t *e, scenario_t *s, cnode *n, cnode *opn, int op, lever_t *l)
{
    l->kind = LV_EDIT;
    l->op = (edit_op)op;
    int rc = read_from(e, s, n, l);
    double months = 0;
    rc |= cn_get_num(e, n, "phase_in_months", 0, 0, 120, "months to reach full effect, 0 to 120", &months) < 0;
    l->ramp = months * DAYS_PER_MONTH;
    const char *path = NULL;
    param_info p;
    l->param = -1;
    if (!cn_str(e, opn, &path)) {
        size_t len = strlen(path) + 1;
        l->path = malloc(len);
        if (!l->path) return -1;
        memcpy(l->path, path, len);
        l->param = param_find(s, path);
        if (l->param < 0) {
            cn_error(e, opn, "no rule parameter '%s' (expected a path that `caseflow params` marks L, e.g. custody.recall.monthly_rate)", path);
            rc = 1;
        }
    } else rc = 1;
    int have = l->param >= 0 && !param_get(s, l->param, &p);
    double lo = -1e12, hi = 1e12;
    if (have && op == OP_SET) { lo = p.lo; hi = p.hi; }
    if (op == OP_MULTIPLY) { lo = 0; hi = 1000; }
    char ex[200];
    snprintf(ex, sizeof ex, "the value to %s, %g to %g", edit_op_names[op], lo, hi);
    rc |= cn_get_num(e, n, "value", 1, lo, hi, ex, &l->value) < 0;
    if (have && op == OP_ADD && p.hazard) {
        cn_error(e, opn, "add is not defined for %s, a monthly chance (expected set or multiply)", path);
        rc = 1;
    }
    const char *ap = NULL;
    cnode *a = cn_get(e, n, "applies_to", 0, "");
    if (a && !cn_str(e, a, &ap)) {
        if (strcmp(ap, "new_sentences") && strcmp(ap, "everyone")) {
            cn_error(e, a, "unknown value '%s' (expected new_sentences or everyone)", ap);
            rc = 1;
        } else if (have && !strcmp(ap, "everyone") && p.clock != CLOCK_NOW && !strstr(p.path, ".release_fraction")) {
            cn_error(e, a, "%s is fixed for each person when %s, and a change for people already in the system is not modelled yet (expected new_sentences)",
                     path, p.clock == CLOCK_SENTENCE ? "sentenced" : "first released");
            rc = 1;
        } else if (have && !strcmp(ap, "new_sentences") && p.clock == CLOCK_NOW) {
            cn_error(e, a, "%s is read when it is used, so it applies to everyone from the date (expected applies_to: everyone, or none)", path);
            rc = 1;
        }
    } else if (a) rc = 1;
    l->tranche = ap && !strcmp(ap, "everyone") && have && p.clock != CLOCK_NOW;
    rc |= cn_finish_map(e, n) > 0;
    return rc ? -1 : 0;
}

/* `source:`, a sentence of at most 400 characters saying where the lever
 * comes from. */
static int read_source(errlist_t *e, cnode *n, lever_t *l)
{
    cnode *sn = cn_get(e, n, "source", 0, "");
    const char *t;
    if (!sn) return 0;
    if (cn_str(e, sn, &t)) return -1;
    if (!t[0] || strlen(t) > 400) {
        cn_error(e, sn, "source is %zu characters (expected a sentence of 1 to 400 characters)", strlen(t));
        return -1;
    }
    l->source = malloc(strlen(t) + 1);
    if (!l->source) return -1;
    strcpy(l->source, t);
    return 0;
}

static int read_lever_body(errlist_t *e, scenario_t *s, cnode *n, lever_t *l)
{
    if (read_source(e, n, l)) { cn_finish_map(e, n); return -1; }
    for (int op = 0; op < 3; op++) {
        cnode *opn = cn_get(e, n, edit_op_names[op], 0, "");
        if (opn) return read_edit(e, s, n, opn, op, l);
    }
    const char *name;
    cnode *k = cn_get(e, n, "lever", 1, "presumption_short_sentences, release_point, end_pss, end_supervision, end_on_completion, recall, volume, reports, end_active_supervision or staffing");
    if (!k || cn_str(e, k, &name)) { cn_finish_map(e, n); return -1; }
    int kind = -1;
    for (int i = 0; i < LV_N; i++)
        if (!strcmp(name, lever_names[i])) kind = i;
    if (kind < 0) {
        cn_error(e, k, "unknown lever '%s' (expected presumption_short_sentences, release_point, end_pss, end_supervision, end_on_completion, recall, volume, reports, end_active_supervision or staffing)", name);
        cn_finish_map(e, n);
        return -1;
    }
    l->kind = (lever_kind)kind;
    int rc = read_from(e, s, n, l);
    double months = 0;
    if (l->kind != LV_END_PSS && l->kind != LV_RELEASE && l->kind != LV_ACTIVE && l->kind != LV_END_SUP && l->kind != LV_END_DONE)
        rc |= cn_get_num(e, n, "phase_in_months", 0, 0, 120, "months to reach full effect, 0 to 120", &months) < 0;
    l->ramp = months * DAYS_PER_MONTH;

    switch (l->kind) {
    case LV_PRESUMPTION: {
        double mo = 12;
        rc |= cn_get_num(e, n, "max_sentence_months", 0, 0, 1200, "the longest sentence the presumption covers, in months", &mo) < 0;
        l->threshold = mo * DAYS_PER_MONTH + 1e-9;
        rc |= cn_get_num(e, n, "divert_share", 1, 0, 1, "the share of covered sentences the courts actually divert, 0 to 1", &l->share) < 0;
        rc |= read_disp_list(e, s, n, l, KIND_CUSTODY);
        l->to = calloc((size_t)s->ndisp, sizeof *l->to);
        char **names = calloc((size_t)s->ndisp, sizeof *names);
        if (!l->to || !names) { free(names); return -1; }
        for (int d = 0; d < s->ndisp; d++) names[d] = s->disp[d].name;
        cnode *to = cn_get(e, n, "to", 1, "a mapping of community disposal to share, e.g. {suspended_sentence_order: 0.7, community_order: 0.3}");
        if (!to || scenario_read_shares(e, to, s->ndisp, names, "diversion shares", l->to)) rc = -1;
        else
            for (int d = 0; d < s->ndisp; d++)
                if (l->to[d] > 0 && s->disp[d].kind == KIND_CUSTODY) {
                    cn_error(e, to, "diversion to '%s', a custody band (expected community disposals)", s->disp[d].name);
                    rc = -1;
                }
        free(names);
        /* optional profile of the diverted cases */
        cnode *p;
        if ((p = cn_get(e, n, "tier_shares", 0, ""))) {
            l->prof.tier_share = calloc((size_t)s->ntiers, sizeof *l->prof.tier_share);
            if (!l->prof.tier_share || scenario_read_shares(e, p, s->ntiers, s->tiers, "tier shares", l->prof.tier_share)) rc = -1;
        }
        if ((p = cn_get(e, n, "length_months", 0, ""))) {
            l->prof.has_length = 1;
            if (scenario_read_dist(e, p, DAYS_PER_MONTH, "the order length in months", &l->prof.length)) rc = -1;
        }
        if ((p = cn_get(e, n, "outcomes", 0, ""))) {
            static char *onames[] = { "completed", "early_termination", "revoked" };
            double o[3];
            l->prof.has_outcomes = 1;
            if (scenario_read_shares(e, p, 3, onames, "outcome shares", o)) rc = -1;
            else { l->prof.p_completed = o[0]; l->prof.p_early = o[1]; l->prof.p_revoked = o[2]; }
        }
        int r = cn_get_num(e, n, "revoked_to_custody", 0, 0, 1, "the share of revoked orders that end in custody, 0 to 1", &l->prof.p_breach_custody);
        if (r < 0) rc = -1;
        l->prof.has_rtc = r > 0;
        break;
    }
    case LV_RELEASE: {
        rc |= cn_get_num(e, n, "release_fraction", 1, 0.01, 1, "the new share of the sentence served before release, 0.01 to 1", &l->release_fraction) < 0;
        rc |= read_disp_list(e, s, n, l, KIND_CUSTODY);
        const char *ap = "new_sentences";
        cnode *a = cn_get(e, n, "applies_to", 0, "");
        if (a && !cn_str(e, a, &ap) && strcmp(ap, "new_sentences") && strcmp(ap, "everyone_in_custody")) {
            cn_error(e, a, "unknown value '%s' (expected new_sentences or everyone_in_custody)", ap);
            rc = -1;
        }
        l->tranche = !strcmp(ap, "everyone_in_custody");
        break;
    }
    case LV_END_PSS:
        break;
    case LV_END_SUP: {
        const char *w = NULL;
        cnode *wn = cn_get(e, n, "what", 1, "licence or post_sentence_supervision");
        l->end_what = -1;
        if (wn && !cn_str(e, wn, &w)) {
            if (!strcmp(w, "licence")) l->end_what = 0;
            else if (!strcmp(w, "post_sentence_supervision")) l->end_what = 1;
            else cn_error(e, wn, "unknown value '%s' (expected licence or post_sentence_supervision)", w);
        }
        if (l->end_what < 0) rc = -1;
        double mo = 0;
        rc |= cn_get_num(e, n, "min_months_since_release", 0, 0, 1200, "months since first release, at least, 0 to 1200", &mo) < 0;
        l->min_since_release = mo * DAYS_PER_MONTH;
        rc |= read_disp_list(e, s, n, l, KIND_CUSTODY);
        break;
    }
    case LV_ACTIVE: {
        rc |= cn_get_num(e, n, "fraction", 1, 0, 1, "the share of the licence actively supervised, 0 to 1", &l->active_fraction) < 0;
        const char *b = NULL;
        cnode *cn = cn_get(e, n, "counts_as_caseload", 1, "true or false");
        if (cn && !cn_str(e, cn, &b)) {
            if (!strcmp(b, "true")) l->counts = 1;
            else if (!strcmp(b, "false")) l->counts = 0;
            else { cn_error(e, cn, "'%s' (expected true or false)", b); rc = -1; }
        } else rc = -1;
        break;
    }
    case LV_STAFF: {
        const char *g = NULL;
        cnode *gn = cn_get(e, n, "grade", 1, "probation_officer, probation_services_officer or trainee");
        l->grade = -1;
        if (gn && !cn_str(e, gn, &g)) {
            for (int i = 0; i < GR_N; i++)
                if (!strcmp(g, grade_names[i])) l->grade = i;
            if (!strcmp(g, "trainee")) l->grade = GR_N;
            if (l->grade < 0) cn_error(e, gn, "unknown grade '%s' (expected probation_officer, probation_services_officer or trainee)", g);
        }
        if (l->grade < 0) rc = -1;
        l->attr_mult = l->cap_mult = 1;
        int a = cn_get_num(e, n, "extra_recruits_per_month", 0, 0, 1e5, "extra recruits a month, >= 0", &l->extra);
        int b = cn_get_num(e, n, "attrition_multiplier", 0, 0, 10, "a multiplier of the leaving rate, 0 to 10", &l->attr_mult);
        int c = cn_get_num(e, n, "capacity_multiplier", 0, 0.1, 10, "a multiplier of capacity per FTE, 0.1 to 10", &l->cap_mult);
        int d = cn_get_num(e, n, "caseload_cap", 0, 1, 1000, "the most cases one FTE may hold, 1 to 1000", &l->caseload_cap);
        if (a < 0 || b < 0 || c < 0 || d < 0) rc = -1;
        else if (!a && !b && !c && !d) {
            cn_error(e, n, "the staffing lever changes nothing (expected extra_recruits_per_month, attrition_multiplier, capacity_multiplier or caseload_cap)");
            rc = -1;
        }
        if (!s->wf && rc == 0) {
            cn_error(e, n, "a staffing lever without a workforce section (expected the scenario to have workforce:)");
            rc = -1;
        }
        break;
    }
    case LV_RECALL: {
        int r;
        if ((r = cn_get_num(e, n, "rate_multiplier", 0, 0, 100, "a multiplier of the recall rate, 0 to 100", &l->mult)) < 0) rc = -1;
        l->has_mult = r > 0;
        if ((r = cn_get_num(e, n, "fixed_term_share", 0, 0, 1, "the share of recalls that are fixed-term, 0 to 1", &l->ftr_share)) < 0) rc = -1;
        l->has_ftr_share = r > 0;
        if ((r = cn_get_num(e, n, "fixed_term_days_short", 0, 0, 3650, "days of a fixed-term recall for short sentences", &l->ftr_short)) < 0) rc = -1;
        l->has_ftr_short = r > 0;
        if ((r = cn_get_num(e, n, "fixed_term_days_long", 0, 0, 3650, "days of a fixed-term recall for longer sentences", &l->ftr_long)) < 0) rc = -1;
        l->has_ftr_long = r > 0;
        cnode *cv = cn_get(e, n, "convert_held_standard_recalls", 0, "");
        if ((r = cn_get_num(e, n, "convert_held_standard_recalls", 0, 0, 1,
                            "the share of people held on a standard recall on the date whose recall becomes fixed-term, 0 to 1",
                            &l->convert_held)) < 0)
            rc = -1;
        if (!rc && !l->has_mult && !l->has_ftr_share && !l->has_ftr_short && !l->has_ftr_long && !cv) {
            cn_error(e, n, "the recall lever changes nothing (expected rate_multiplier, fixed_term_share, fixed_term_days_short, fixed_term_days_long or convert_held_standard_recalls)");
            rc = -1;
        }
        if (!rc && l->convert_held > 0 && l->ramp > 0) {
            cn_error(e, cv, "convert_held_standard_recalls with phase_in_months (expected a lever that takes effect on its date)");
            rc = -1;
        }
        break;
    }
    case LV_END_DONE:
        rc |= cn_get_num(e, n, "share", 1, 0, 1, "the share of orders that would run to completion which end once their requirements and plan are done, 0 to 1", &l->share) < 0;
        rc |= cn_get_num(e, n, "at_fraction", 1, 0.01, 1, "the point of the order's length at which they end, 0.01 to 1", &l->done_at) < 0;
        rc |= read_disp_list(e, s, n, l, ORDERS);
        break;
    case LV_VOLUME:
        rc |= cn_get_num(e, n, "multiplier", 1, 0, 100, "a multiplier of the volume, 0 to 100", &l->volume_mult) < 0;
        rc |= read_disp_list(e, s, n, l, -1);
        break;
    case LV_REPORTS: {
        int r = cn_get_num(e, n, "share", 0, 0, 1, "the share of sentences with a report, 0 to 1", &l->share);
        if (r < 0) rc = -1;
        l->has_share = r > 0;
        cnode *mx = cn_get(e, n, "mix", 0, "");
        if (mx) {
            l->mix = calloc((size_t)s->nreports, sizeof *l->mix);
            if (!l->mix || scenario_read_shares(e, mx, s->nreports, s->reports, "report mix shares", l->mix)) rc = -1;
        }
        if (!rc && !l->has_share && !l->mix) {
            cn_error(e, n, "the reports lever changes nothing (expected share or mix)");
            rc = -1;
        }
        rc |= read_disp_list(e, s, n, l, -1);
        break;
    }
    default:
        break;
    }
    rc |= cn_finish_map(e, n) > 0;
    return rc ? -1 : 0;
}

/* A lever, with the regions it acts in (a bad region name is reported and
 * the rest of the lever is still read, so its other keys are not called
 * unknown). */
static int read_lever(errlist_t *e, scenario_t *s, cnode *n, lever_t *l)
{
    if (!cn_is_map(e, n, "a lever ({lever: NAME, from: YYYY-MM, ...} or {set: PATH, value: V, from: YYYY-MM})")) return -1;
    l->line = n->line;
    l->col = n->col;
    cnode *rn = cn_get(e, n, "regions", 0, "");
    int bad = rn && regions_mask(e, s, rn, &l->regions);
    int rc = read_lever_body(e, s, n, l);
    return bad ? -1 : rc;
}

static void lever_free(lever_t *l)
{
    free(l->disp);
    free(l->to);
    free(l->prof.tier_share);
    free(l->mix);
    free(l->path);
    free(l->source);
}

/* The levers of the chosen demand path, appended to s->levers (which has
 * room for them); the other paths are read and checked, then dropped. */
static int read_demand(errlist_t *e, scenario_t *s, cnode *d, int room)
{
    if (!cn_is_map(e, d, "demand: {path: NAME, paths: {NAME: [volume levers]}}")) return -1;
    const char *want = NULL;
    cnode *pn = cn_get(e, d, "path", 1, "the demand path to run, one of those under paths");
    cnode *ps = cn_get(e, d, "paths", 1, "named demand paths, each a list of volume levers");
    int rc = cn_finish_map(e, d) ? -1 : 0;
    if (!pn || !ps || cn_str(e, pn, &want) || !cn_is_map(e, ps, "named demand paths, each a list of volume levers")) return -1;
    int found = -1;
    for (int k = 0; k < ps->n; k++) {
        ps->used[k] = 1;
        cnode *list = ps->kid[k];
        int chosen = !strcmp(ps->key[k], want);
        if (chosen) found = k;
        if (!cn_is_seq(e, list, "a list of volume levers")) { rc = -1; continue; }
        for (int i = 0; i < list->n; i++) {
            lever_t tmp = { 0 };
            int bad = read_lever(e, s, list->kid[i], &tmp);
            if (!bad && tmp.kind != LV_VOLUME) {
                cn_error(e, list->kid[i], "a %s lever in a demand path (expected volume levers only)", lever_names[tmp.kind]);
                bad = 1;
            }
            if (bad) rc = -1;
            if (chosen && !bad && s->nlevers < room) {
                tmp.demand = 1;
                s->levers[s->nlevers++] = tmp;
            } else lever_free(&tmp);
        }
    }
    if (found < 0) {
        char names[256] = "";
        for (int k = 0; k < ps->n; k++)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", k ? ", " : "", ps->key[k]);
        cn_error(e, pn, "no demand path '%s' (expected one of: %s)", want, names[0] ? names : "none is given");
        rc = -1;
    } else if (!rc) {
        s->demand_path = malloc(strlen(want) + 1);
        if (!s->demand_path) return -1;
        strcpy(s->demand_path, want);
    }
    return rc;
}

int policy_read(errlist_t *e, scenario_t *s, cnode *list, cnode *demand)
{
    if (list && !cn_is_seq(e, list, "a list of levers")) return -1;
    int nl = list ? list->n : 0, room = nl;
    cnode *paths = demand && demand->type == CN_MAP ? cn_get(e, demand, "paths", 0, "") : NULL;
    if (paths && paths->type == CN_MAP)
        for (int k = 0; k < paths->n; k++) room += paths->kid[k]->type == CN_SEQ ? paths->kid[k]->n : 0;
    s->levers = calloc((size_t)room + 1, sizeof *s->levers);
    if (!s->levers) return -1;
    int rc = 0;
    int npres = 0;
    for (int i = 0; i < nl; i++) {
        if (read_lever(e, s, list->kid[i], &s->levers[i])) rc = -1;
        s->nlevers = i + 1;
        if (s->levers[i].kind == LV_PRESUMPTION && ++npres > 1) {
            cn_error(e, list->kid[i], "a second presumption lever (expected at most one; give it several disposals instead)");
            rc = -1;
        }
    }
    /* diversion needs somewhere to divert to: the presumption lever's `to` */
    for (int i = 0; i < nl && !rc; i++) {
        const lever_t *l = &s->levers[i];
        if (l->kind == LV_EDIT && l->path && strstr(l->path, ".divert_share") && !npres) {
            cn_error(e, list->kid[i], "%s without a presumption_short_sentences lever (expected one, which says where diverted sentences go)", l->path);
            rc = -1;
        }
    }
    if (demand && read_demand(e, s, demand, room)) rc = -1;
    return rc;
}

void policy_free(scenario_t *s)
{
    for (int i = 0; i < s->nlevers; i++) lever_free(&s->levers[i]);
    free(s->levers);
    s->levers = NULL;
    s->nlevers = 0;
}

double policy_first_day(const scenario_t *s)
{
    double t = INFINITY;
    for (int i = 0; i < s->nlevers; i++)
        if (s->levers[i].from < t) t = s->levers[i].from;
    return t;
}

int policy_first_month(const scenario_t *s)
{
    int best = -1;
    double t = INFINITY;
    for (int i = 0; i < s->nlevers; i++)
        if (s->levers[i].from < t) { t = s->levers[i].from; best = s->levers[i].from_month; }
    return best;
}

/* Same lever, same date, same settings (the fields that matter per kind). */
static int lever_same(const scenario_t *a, const lever_t *x, const scenario_t *b, const lever_t *y)
{
    if (x->kind != y->kind || x->from != y->from || x->ramp != y->ramp) return 0;
    if (a->ndisp != b->ndisp) return 0;
    if (x->disp && y->disp && memcmp(x->disp, y->disp, (size_t)a->ndisp)) return 0;
    return x->threshold == y->threshold && x->share == y->share && x->release_fraction == y->release_fraction &&
           x->tranche == y->tranche && x->mult == y->mult && x->ftr_share == y->ftr_share &&
           x->ftr_short == y->ftr_short && x->ftr_long == y->ftr_long && x->volume_mult == y->volume_mult &&
           x->active_fraction == y->active_fraction && x->counts == y->counts && x->grade == y->grade &&
           x->extra == y->extra && x->attr_mult == y->attr_mult && x->cap_mult == y->cap_mult &&
           x->caseload_cap == y->caseload_cap && x->op == y->op && x->param == y->param && x->value == y->value &&
           x->convert_held == y->convert_held && x->done_at == y->done_at && x->end_what == y->end_what &&
           x->min_since_release == y->min_since_release && x->regions == y->regions;
}

int policy_has_same(const scenario_t *s, const lever_t *l, const scenario_t *other)
{
    for (int j = 0; j < other->nlevers; j++)
        if (lever_same(s, l, other, &other->levers[j])) return 1;
    return 0;
}

int policy_first_new_month(const scenario_t *s, const scenario_t *base)
{
    int best = -1;
    double t = INFINITY;
    for (int i = 0; i < s->nlevers; i++)
        if (!policy_has_same(s, &s->levers[i], base) && s->levers[i].from < t) {
            t = s->levers[i].from;
            best = s->levers[i].from_month;
        }
    return best;
}

int policy_first_whole_month(const scenario_t *s, const scenario_t *base)
{
    const lever_t *first = NULL;
    for (int i = 0; i < s->nlevers; i++)
        if ((!base || !policy_has_same(s, &s->levers[i], base)) && (!first || s->levers[i].from < first->from))
            first = &s->levers[i];
    return !first ? -1 : first->from_month + (first->from_day > 1);
}

void policy_describe(const scenario_t *s, FILE *out)
{
    if (!s->nlevers) { fprintf(out, "Policy levers: none.\n"); return; }
    fprintf(out, "Policy levers:\n");
    for (int i = 0; i < s->nlevers; i++) {
        const lever_t *l = &s->levers[i];
        if (l->demand && (i == 0 || !s->levers[i - 1].demand)) fprintf(out, "Demand path '%s':\n", s->demand_path);
        char mon[8];
        month_label(l->from_month, mon);
        fprintf(out, "  from %s", mon);
        if (l->from_day > 1) fprintf(out, "-%02d", l->from_day);
        if (l->ramp > 0) fprintf(out, " (phased in over %.0f months)", l->ramp / DAYS_PER_MONTH);
        fprintf(out, ": ");
        switch (l->kind) {
        case LV_PRESUMPTION:
            fprintf(out, "presumption against custodial sentences of %.0f months or less; %.0f%% of them diverted to",
                    (l->threshold - 1e-9) / DAYS_PER_MONTH, 100 * l->share);
            for (int d = 0; d < s->ndisp; d++)
                if (l->to[d] > 0) fprintf(out, " %s %.0f%%", s->disp[d].name, 100 * l->to[d]);
            break;
        case LV_RELEASE:
            fprintf(out, "release at %.1f%% of the sentence for %s, %s", 100 * l->release_fraction,
                    l->all_disp ? "every custody band" : "chosen bands",
                    l->tranche ? "for everyone in custody (tranche release on the date)" : "for sentences passed from the date");
            break;
        case LV_END_PSS:
            fprintf(out, "no post-sentence supervision for people released from the date");
            break;
        case LV_END_SUP:
            fprintf(out, "the %s running on the date end%s", l->end_what ? "post-sentence supervision periods" : "licences",
                    l->all_disp ? "" : " (chosen bands)");
            if (l->min_since_release > 0) fprintf(out, ", for people first released at least %.0f months before", l->min_since_release / DAYS_PER_MONTH);
            break;
        case LV_STAFF:
            fprintf(out, "staffing of %s:", l->grade < GR_N ? grade_names[l->grade] : "trainees");
            if (l->extra > 0) fprintf(out, " %g extra recruits a month", l->extra);
            if (l->attr_mult != 1) fprintf(out, " leaving rate x%.2f", l->attr_mult);
            if (l->cap_mult != 1) fprintf(out, " capacity per FTE x%.2f", l->cap_mult);
            if (l->caseload_cap > 0) fprintf(out, " at most %g cases per FTE", l->caseload_cap);
            break;
        case LV_ACTIVE:
            fprintf(out, "licences of people released from the date are actively supervised for the first %.0f%% only; "
                         "after that people are recallable and %s", 100 * l->active_fraction,
                    l->counts ? "still counted in the caseload" : "not counted in the caseload");
            break;
        case LV_RECALL:
            fprintf(out, "recall");
            if (l->has_mult) fprintf(out, " rate x%.2f", l->mult);
            if (l->has_ftr_share) fprintf(out, ", fixed-term share %.0f%%", 100 * l->ftr_share);
            if (l->has_ftr_short) fprintf(out, ", fixed-term %g days (short sentences)", l->ftr_short);
            if (l->has_ftr_long) fprintf(out, ", fixed-term %g days (longer sentences)", l->ftr_long);
            if (l->convert_held > 0)
                fprintf(out, "; %.0f%% of the standard recalls held on the date become fixed-term (released at the later of "
                             "recall + the fixed term and the date, or when due if sooner)", 100 * l->convert_held);
            break;
        case LV_END_DONE:
            fprintf(out, "%.0f%% of the orders that would run to completion (%s) end once their requirements and sentence plan "
                         "are done, at %.0f%% of their length (orders running on the date too)",
                    100 * l->share, l->all_disp ? "every community disposal" : "chosen disposals", 100 * l->done_at);
            break;
        case LV_VOLUME:
            fprintf(out, "volume x%.3f for %s", l->volume_mult, l->all_disp ? "every disposal" : "chosen disposals");
            break;
        case LV_REPORTS:
            fprintf(out, "reports");
            if (l->has_share) fprintf(out, ": %.0f%% of sentences", 100 * l->share);
            if (l->mix) fprintf(out, "%s new mix", l->has_share ? ", " : ": ");
            break;
        case LV_EDIT: {
            param_info p;
            param_get(s, l->param, &p);
            double was = param_from_model(&p, p.base);
            if (l->op == OP_SET) fprintf(out, "%s is set to %g %s (%g at the start)", l->path, l->value, p.unit, was);
            else if (l->op == OP_MULTIPLY) fprintf(out, "%s is multiplied by %g (%g %s at the start)", l->path, l->value, was, p.unit);
            else fprintf(out, "%g %s is added to %s (%g at the start)", l->value, p.unit, l->path, was);
            fprintf(out, ", %s", p.clock == CLOCK_NOW ? "for everyone from the date"
                                 : l->tranche ? "for everyone in custody (tranche release on the date)"
                                 : p.clock == CLOCK_SENTENCE ? "for sentences passed from the date"
                                                             : "for people first released from the date");
            break;
        }
        default:
            break;
        }
        fprintf(out, "\n");
        if (l->regions) {
            fprintf(out, "      in regions:");
            for (int r = 0; r < s->nregions; r++)
                if ((l->regions >> r) & 1) fprintf(out, " %s", s->regions[r].name);
            fputc('\n', out);
        }
        if (l->source) fprintf(out, "      source: %s\n", l->source);
    }
}

void policy_date_label(const lever_t *l, char buf[16])
{
    char mon[8];
    month_label(l->from_month, mon);
    if (l->from_day > 1) snprintf(buf, 16, "%.7s-%02u", mon, (unsigned)l->from_day % 100u);
    else snprintf(buf, 16, "%s", mon);
}
