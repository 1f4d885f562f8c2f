/* workforce.c: reading the workforce section (staff supply month by month
 * is staff.c, in the model). */
#include "workforce.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "scenario.h"

const char *const grade_names[GR_N] = { "probation_officer", "probation_services_officer" };
static const char *const wl_names[WL_N] = { "community", "custody", "licence", "post_sentence_supervision", "licence_inactive" };

static char *dupstr(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

/* A mapping tier -> value, every tier present. */
static int read_tier_values(errlist_t *e, cnode *n, const scenario_t *s, double lo, double hi,
                            const char *what, double *out)
{
    char expect[160];
    snprintf(expect, sizeof expect, "%s: a value for every tier", what);
    if (!cn_is_map(e, n, expect)) return -1;
    int rc = 0;
    for (int k = 0; k < s->ntiers; k++) {
        char ex[160];
        snprintf(ex, sizeof ex, "%s for tier %s, %g to %g", what, s->tiers[k], lo, hi);
        if (cn_get_num(e, n, s->tiers[k], 1, lo, hi, ex, &out[k]) < 0) rc = -1;
    }
    if (cn_finish_map(e, n)) rc = -1;
    return rc;
}

/* The recruitment rule of a grade (or of SPOs): 0 or -1. */
static int read_recruitment(errlist_t *e, cnode *n, grade_t *g)
{
    int rc = 0;
    cnode *r = cn_get(e, n, "recruitment", 1, "{per_month: N}, {replace_leavers: true}, {target_fte: X, lag_months: L} or none");
    if (r && r->type == CN_SCALAR && !strcmp(r->text, "none")) g->recruit = RECRUIT_NONE;
    else if (r && cn_is_map(e, r, "the recruitment rule")) {
        int a = cn_get_num(e, r, "per_month", 0, 0, 1e5, "recruits a month, >= 0", &g->recruit_n);
        cnode *rl = cn_get(e, r, "replace_leavers", 0, "");
        int b = cn_get_num(e, r, "target_fte", 0, 0, 1e6, "the FTE to recruit towards", &g->target_fte);
        int c = cn_get_num(e, r, "lag_months", 0, 1, 120, "months to close the gap to the target, 1 to 120", &g->lag_months);
        if (a < 0 || b < 0 || c < 0) rc = 1;
        int kinds = (a > 0) + (rl != NULL) + (b > 0);
        if (rl && (rl->type != CN_SCALAR || strcmp(rl->text, "true"))) { cn_error(e, rl, "'%s' (expected true)", rl->type == CN_SCALAR ? rl->text : "?"); rc = 1; }
        if (kinds != 1) { cn_error(e, r, "%d recruitment rules (expected exactly one of per_month, replace_leavers, target_fte)", kinds); rc = 1; }
        else if (b > 0 && c <= 0) { cn_error(e, r, "missing key 'lag_months' (expected months to close the gap to target_fte)"); rc = 1; }
        g->recruit = a > 0 ? RECRUIT_FIXED : rl ? RECRUIT_REPLACE : RECRUIT_TARGET;
        rc |= cn_finish_map(e, r) > 0;
    } else rc = 1;
    return rc ? -1 : 0;
}

/* What a grade and the SPOs share: staff in post, the share holding cases
 * (`holding`: what that share means), leaving rate, yearly cost, recruitment. */
static int read_supply(errlist_t *e, cnode *n, grade_t *g, const char *holding)
{
    int rc = 0;
    rc |= cn_get_num(e, n, "start_fte", 1, 0, 1e6, "FTE in post at the start, >= 0", &g->start_fte) < 0;
    rc |= cn_get_num(e, n, "holding_share", 1, 0, 1, holding, &g->holding_share) < 0;
    rc |= cn_get_num(e, n, "attrition", 1, 0, 1, "the yearly leaving rate, 0 to 1", &g->attrition) < 0;
    rc |= cn_get_num(e, n, "annual_cost", 1, 0, 1e7, "the yearly cost of one FTE with on-costs", &g->annual_cost) < 0;
    rc |= read_recruitment(e, n, g) < 0;
    return rc ? -1 : 0;
}

static int read_grade(errlist_t *e, cnode *n, grade_t *g)
{
    if (!cn_is_map(e, n, "a grade")) return -1;
    int rc = read_supply(e, n, g, "the share of FTE in post who hold cases, 0 to 1") < 0;
    rc |= cn_get_num(e, n, "points_per_fte", 1, 1e-6, 1e9, "the nominal capacity of one FTE a month, > 0", &g->points_per_fte) < 0;
    rc |= cn_get_num(e, n, "reductions", 1, 0, 0.99, "the share of capacity lost to reductions, 0 to 0.99", &g->reductions) < 0;
    rc |= cn_finish_map(e, n) > 0;
    return rc ? -1 : 0;
}

/* practitioners: individual workloads, hours, work types, safeguard. */
static int read_practitioners(errlist_t *e, cnode *n, prac_t *p)
{
    if (!cn_is_map(e, n, "the practitioners: spread_cv, weekly_autocorrelation, hours, work_types, safeguard")) return -1;
    int rc = 0;
    p->on = 1;
    rc |= cn_get_num(e, n, "spread_cv", 1, 0, 3, "the coefficient of variation of individual workloads around the grade's average, 0 to 3", &p->cv) < 0;
    rc |= cn_get_num(e, n, "weekly_autocorrelation", 1, 0, 0.99, "the weekly autocorrelation of a practitioner's relative workload, 0 to 0.99", &p->rho) < 0;
    rc |= cn_get_num(e, n, "contracted_hours_per_week", 1, 1, 80, "contracted hours of a full-time practitioner a week, 1 to 80", &p->contracted_hours) < 0;
    rc |= cn_get_num(e, n, "worked_hours_per_week", 1, 1, 100, "the most hours a practitioner works in a week, at least the contracted hours", &p->worked_hours) < 0;
    if (!rc && p->worked_hours < p->contracted_hours) {
        cn_error(e, cn_get(e, n, "worked_hours_per_week", 1, ""), "%g hours worked a week, under the %g contracted (expected at least the contracted hours)",
                 p->worked_hours, p->contracted_hours);
        rc = 1;
    }
    rc |= cn_get_num(e, n, "paid_overtime_hours_per_week", 1, 0, 40, "paid overtime hours a week per FTE, 0 to 40", &p->paid_overtime) < 0;
    rc |= cn_get_num(e, n, "overtime_cost_per_hour", 1, 0, 1e4, "the cost of an hour of paid overtime with on-costs, GBP", &p->overtime_cost) < 0;
    rc |= cn_get_num(e, n, "contracted_hours_only", 1, 0, 1, "1 if work beyond contracted (and paid overtime) hours is not done, else 0", &p->contracted_only) < 0;
    p->safeguard_pct = 110;
    p->safeguard_weeks = 4;
    cnode *sg = cn_get(e, n, "safeguard", 0, "");
    if (sg && cn_is_map(e, sg, "{threshold_pct: P, weeks: W}")) {
        long wk = 4;
        rc |= cn_get_num(e, sg, "threshold_pct", 1, 1, 1000, "the average capacity (%) beyond which the service is declared full", &p->safeguard_pct) < 0;
        rc |= cn_get_int(e, sg, "weeks", 1, 1, 52, "consecutive weeks beyond the threshold, 1 to 52", &wk) < 0;
        p->safeguard_weeks = (int)wk;
        rc |= cn_finish_map(e, sg) > 0;
    } else if (sg) rc = 1;
    cnode *wt = cn_get(e, n, "work_types", 1, "a list of {name, share}, highest priority first");
    if (wt && cn_is_seq(e, wt, "a list of {name, share}, highest priority first")) {
        if (wt->n < 1 || wt->n > 32) { cn_error(e, wt, "%d work types (expected 1 to 32)", wt->n); return -1; }
        p->ntypes = wt->n;
        p->type_name = calloc((size_t)wt->n, sizeof *p->type_name);
        p->type_share = calloc((size_t)wt->n, sizeof *p->type_share);
        if (!p->type_name || !p->type_share) return -1;
        double sum = 0;
        for (int i = 0; i < wt->n; i++) {
            cnode *o = wt->kid[i];
            const char *str;
            if (!cn_is_map(e, o, "{name, share}")) { rc = 1; continue; }
            cnode *nm = cn_get(e, o, "name", 1, "the work type's name");
            if (nm && !cn_str(e, nm, &str) && !scenario_check_name(e, nm, str)) {
                for (int j = 0; j < i; j++)
                    if (p->type_name[j] && !strcmp(p->type_name[j], str)) { cn_error(e, nm, "work type '%s' twice (expected distinct names)", str); rc = 1; }
                p->type_name[i] = dupstr(str);
            } else rc = 1;
            rc |= cn_get_num(e, o, "share", 1, 0, 1, "the work type's share of the workload, 0 to 1", &p->type_share[i]) < 0;
            sum += p->type_share[i];
            rc |= cn_finish_map(e, o) > 0;
        }
        if (!rc && fabs(sum - 1) > 0.001) { cn_error(e, wt, "work type shares sum to %g (expected 1 within 0.001)", sum); rc = 1; }
    } else rc = 1;
    rc |= cn_finish_map(e, n) > 0;
    if (!rc && prac_week_table(p->rho, p->week_tab)) return -1;
    return rc ? -1 : 0;
}

/* senior_probation_officer: supply like a grade's, the ratio, the lost capacity. */
static int read_spo(errlist_t *e, cnode *n, prac_t *p)
{
    if (!cn_is_map(e, n, "the senior probation officers")) return -1;
    int rc = read_supply(e, n, &p->spo, "the share of SPO FTE who supervise case-holding practitioners, 0 to 1") < 0;
    p->has_spo = 1;
    rc |= cn_get_num(e, n, "practitioners_per_spo", 1, 0.1, 1000, "case-holding practitioners (FTE) per supervising SPO", &p->per_spo) < 0;
    rc |= cn_get_num(e, n, "lost_capacity", 1, 0, 1, "the share of an unsupervised practitioner's capacity lost, 0 to 1", &p->lost_capacity) < 0;
    rc |= cn_finish_map(e, n) > 0;
    return rc ? -1 : 0;
}

int workforce_read(errlist_t *e, scenario_t *s, cnode *n)
{
    if (!cn_is_map(e, n, "the workforce")) return -1;
    workforce_t *w = s->wf = calloc(1, sizeof *w);
    if (!w) return -1;
    int rc = 0;
    const char *str = "points";
    cnode *u = cn_get(e, n, "unit", 1, "points or hours");
    if (u && !cn_str(e, u, &str) && strcmp(str, "points") && strcmp(str, "hours")) {
        cn_error(e, u, "unknown unit '%s' (expected points or hours)", str);
        rc = 1;
    }
    w->unit = dupstr(u ? str : "points");
    cnode *p = cn_get(e, n, "points", 1, "weights per case by type and tier");
    for (int t = 0; t < WL_N; t++) {
        w->points[t] = calloc((size_t)s->ntiers, sizeof *w->points[t]);
        if (!w->points[t]) return -1;
    }
    if (p && cn_is_map(e, p, "weights per case by type and tier")) {
        for (int t = 0; t < WL_N; t++) {
            cnode *tn = cn_get(e, p, wl_names[t], t != WL_INACTIVE, "weights by tier");
            if (tn && read_tier_values(e, tn, s, 0, 1e6, "a weight per case a month", w->points[t])) rc = 1;
        }
        rc |= cn_finish_map(e, p) > 0;
    } else rc = 1;
    w->induction_factor = 1;
    w->reduced_factor = 1;
    w->reduced_from = 1;
    cnode *in = cn_get(e, n, "induction", 0, "");
    if (in && cn_is_map(e, in, "{months: N, factor: F}")) {
        rc |= cn_get_num(e, in, "months", 1, 0, 60, "months of heavier induction work, 0 to 60", &w->induction_months) < 0;
        rc |= cn_get_num(e, in, "factor", 1, 0, 10, "the weight multiplier during induction", &w->induction_factor) < 0;
        rc |= cn_finish_map(e, in) > 0;
    } else if (in) rc = 1;
    cnode *rd = cn_get(e, n, "reduced", 0, "");
    if (rd && cn_is_map(e, rd, "{from_fraction: F, factor: K}")) {
        rc |= cn_get_num(e, rd, "from_fraction", 1, 0, 1, "the fraction of an order or licence after which the weight drops", &w->reduced_from) < 0;
        rc |= cn_get_num(e, rd, "factor", 1, 0, 10, "the weight multiplier after that point", &w->reduced_factor) < 0;
        rc |= cn_finish_map(e, rd) > 0;
    } else if (rd) rc = 1;
    w->report_points = calloc((size_t)s->nreports, sizeof *w->report_points);
    w->po_share = calloc((size_t)s->ntiers, sizeof *w->po_share);
    if (!w->report_points || !w->po_share) return -1;
    cnode *rp = cn_get(e, n, "report_points", 1, "a weight per report type");
    if (rp && cn_is_map(e, rp, "a weight per report type")) {
        for (int r = 0; r < s->nreports; r++)
            rc |= cn_get_num(e, rp, s->reports[r], 1, 0, 1e6, "a weight per report", &w->report_points[r]) < 0;
        rc |= cn_finish_map(e, rp) > 0;
    } else rc = 1;
    cnode *ps = cn_get(e, n, "probation_officer_share", 1, "the share of each tier's cases held by probation officers");
    if (!ps || read_tier_values(e, ps, s, 0, 1, "the share held by probation officers", w->po_share)) rc = 1;
    rc |= cn_get_num(e, n, "probation_officer_share_of_other_work", 1, 0, 1, "the share of reports and other work done by probation officers, 0 to 1", &w->po_share_other) < 0;
    cnode *ow = cn_get(e, n, "other_work", 0, "");
    if (ow && cn_is_seq(e, ow, "a list of {name, per_month} or {name, per: FLOW, points}")) {
        w->nother = ow->n;
        w->other_name = calloc((size_t)ow->n + 1, sizeof *w->other_name);
        w->other_flow = calloc((size_t)ow->n + 1, sizeof *w->other_flow);
        w->other_amount = calloc((size_t)ow->n + 1, sizeof *w->other_amount);
        w->other_line = calloc((size_t)ow->n + 1, sizeof *w->other_line);
        w->other_col = calloc((size_t)ow->n + 1, sizeof *w->other_col);
        if (!w->other_name || !w->other_flow || !w->other_amount || !w->other_line || !w->other_col) return -1;
        for (int i = 0; i < ow->n; i++) {
            cnode *o = ow->kid[i];
            if (!cn_is_map(e, o, "{name, per_month} or {name, per: FLOW, points}")) { rc = 1; continue; }
            cnode *nm = cn_get(e, o, "name", 1, "a name for the work");
            if (nm && !cn_str(e, nm, &str)) w->other_name[i] = dupstr(str);
            else rc = 1;
            cnode *per = cn_get(e, o, "per", 0, "");
            if (per) {
                if (!cn_str(e, per, &str)) w->other_flow[i] = dupstr(str);
                else rc = 1;
                w->other_line[i] = per->line;
                w->other_col[i] = per->col;
                rc |= cn_get_num(e, o, "points", 1, 0, 1e9, "the weight per unit of the flow", &w->other_amount[i]) < 0;
            } else
                rc |= cn_get_num(e, o, "per_month", 1, 0, 1e12, "a fixed weight a month", &w->other_amount[i]) < 0;
            rc |= cn_finish_map(e, o) > 0;
        }
    } else if (ow) rc = 1;
    for (int g = 0; g < GR_N; g++) {
        cnode *gn = cn_get(e, n, grade_names[g], 1, "the grade's staff: start_fte, points_per_fte, reductions, holding_share, attrition, recruitment, annual_cost");
        if (!gn || read_grade(e, gn, &w->grade[g])) rc = 1;
    }
    cnode *tr = cn_get(e, n, "trainees", 1, "the trainee (PQiP) pipeline");
    if (tr && cn_is_map(e, tr, "the trainee pipeline")) {
        long mq = 15;
        rc |= cn_get_num(e, tr, "start_fte", 1, 0, 1e6, "trainees at the start", &w->tr_start) < 0;
        rc |= cn_get_num(e, tr, "intake_per_month", 1, 0, 1e5, "trainees starting a month", &w->tr_intake) < 0;
        rc |= cn_get_int(e, tr, "months_to_qualify", 1, 1, 60, "months of training, 1 to 60", &mq) < 0;
        w->tr_months = (int)mq;
        rc |= cn_get_num(e, tr, "attrition", 1, 0, 1, "the yearly leaving rate of trainees", &w->tr_attrition) < 0;
        rc |= cn_get_num(e, tr, "annual_cost", 1, 0, 1e7, "the yearly cost of one trainee with on-costs", &w->tr_cost) < 0;
        cnode *cs = cn_get(e, tr, "capacity_share", 1, "a list: the share of a PO's capacity a trainee carries in each half-year of training");
        if (cs && cn_is_seq(e, cs, "capacity shares by half-year") && cs->n > 0) {
            w->ntr_share = cs->n;
            w->tr_share = calloc((size_t)cs->n, sizeof *w->tr_share);
            if (!w->tr_share) return -1;
            for (int i = 0; i < cs->n; i++) rc |= cn_num(e, cs->kid[i], 0, 1, "a share between 0 and 1", &w->tr_share[i]) < 0;
        } else rc = 1;
        rc |= cn_finish_map(e, tr) > 0;
    } else rc = 1;
    cnode *pr = cn_get(e, n, "practitioners", 0, "");
    if (pr && read_practitioners(e, pr, &w->prac)) rc = 1;
    cnode *spo = cn_get(e, n, "senior_probation_officer", 0, "");
    if (spo && !pr) { cn_error(e, spo, "senior probation officers without practitioners (expected a practitioners: section too)"); rc = 1; }
    else if (spo && read_spo(e, spo, &w->prac)) rc = 1;
    rc |= cn_finish_map(e, n) > 0;
    return rc ? -1 : 0;
}

void workforce_free(workforce_t *w)
{
    if (!w) return;
    for (int t = 0; t < WL_N; t++) free(w->points[t]);
    for (int i = 0; i < w->nother; i++) {
        free(w->other_name[i]);
        free(w->other_flow[i]);
    }
    free(w->other_name);
    free(w->other_flow);
    free(w->other_amount);
    free(w->other_line);
    free(w->other_col);
    free(w->report_points);
    free(w->po_share);
    free(w->tr_share);
    for (int i = 0; w->prac.type_name && i < w->prac.ntypes; i++) free(w->prac.type_name[i]);
    free(w->prac.type_name);
    free(w->prac.type_share);
    free(w->unit);
    free(w);
}

void workforce_describe(const scenario_t *s, FILE *out)
{
    const workforce_t *w = s->wf;
    if (!w) { fprintf(out, "Workforce: none (no workload or staffing series).\n"); return; }
    fprintf(out, "Workforce (workload in %s):\n", w->unit);
    for (int g = 0; g < GR_N; g++) {
        const grade_t *gr = &w->grade[g];
        fprintf(out, "  %-27s %7.0f FTE in post, %.0f%% holding cases, capacity %g %s a month per FTE less %.0f%%, leaving %.1f%% a year, %s\n",
                grade_names[g], gr->start_fte, 100 * gr->holding_share, gr->points_per_fte, w->unit, 100 * gr->reductions,
                100 * gr->attrition,
                gr->recruit == RECRUIT_FIXED ? "fixed recruitment" : gr->recruit == RECRUIT_REPLACE ? "leavers replaced"
                : gr->recruit == RECRUIT_TARGET ? "recruiting to a target" : "no recruitment");
    }
    fprintf(out, "  trainees                    %7.0f in training, %g starting a month, qualify after %d months, leaving %.1f%% a year\n",
            w->tr_start, w->tr_intake, w->tr_months, 100 * w->tr_attrition);
    const prac_t *p = &w->prac;
    if (!p->on) return;
    fprintf(out, "  practitioners: individual workloads spread around each grade's average (cv %g, weekly autocorrelation %g);\n"
                 "    %g contracted hours a week, at most %g worked, %g paid overtime on offer at GBP %g an hour%s;\n"
                 "    service declared full above %g%% for %d consecutive weeks; work suspended lowest priority first:",
            p->cv, p->rho, p->contracted_hours, p->worked_hours, p->paid_overtime, p->overtime_cost,
            p->contracted_only ? ", contracted hours only" : "", p->safeguard_pct, p->safeguard_weeks);
    for (int i = p->ntypes - 1; i >= 0; i--) fprintf(out, " %s (%.0f%%)%s", p->type_name[i], 100 * p->type_share[i], i ? "," : ".\n");
    if (p->has_spo)
        fprintf(out, "  senior_probation_officer    %7.0f FTE in post, %.0f%% supervising, %g practitioners each, leaving %.1f%% a year, %.0f%% of an unsupervised practitioner's capacity lost\n",
                p->spo.start_fte, 100 * p->spo.holding_share, p->per_spo, 100 * p->spo.attrition, 100 * p->lost_capacity);
}

double workforce_capacity(const workforce_t *w, int g, double fte)
{
    return fte * w->grade[g].points_per_fte * (1 - w->grade[g].reductions);
}

double workforce_trainee_share(const workforce_t *w, int m)
{
    if (m < 0 || m >= w->tr_months || w->ntr_share == 0) return 0;
    int h = m / 6;
    return w->tr_share[h < w->ntr_share ? h : w->ntr_share - 1];
}
