/* workload.c: turning the month-end caseload into workload, required staff,
 * available staff, the gap and its cost (see workforce.h for the rules). */
#include "model_internal.h"

#include <math.h>

/* Workload type of a model state, or -1 (in custody on recall: no weight). */
static int wl_type(int state)
{
    switch (state) {
    case SUP_CO:
    case SUP_SSO: return WL_COMMUNITY;
    case SUP_PRE: return WL_CUSTODY;
    case SUP_LICENCE: return WL_LICENCE;
    case SUP_PSS: return WL_PSS;
    case ST_INACTIVE: return WL_INACTIVE;
    default: return -1;
    }
}

/* Start and length of the phase a case is in, for the induction and reduced
 * weights: an order, a licence (first release to sentence end), PSS. */
static int phase_of(const model_t *m, const case_t *c, double *start, double *len)
{
    switch (c->state) {
    case SUP_CO:
    case SUP_SSO: *start = c->t_sent; *len = c->len; return 1;
    case SUP_LICENCE:
    case ST_INACTIVE: *start = c->t_end; *len = c->t_sent + c->len - c->t_end; return 1;
    case SUP_PSS:
        *start = c->t_sent + c->len;
        *len = custody_pss_end(m, c) - *start;
        return 1;
    default: return 0;
    }
}

/* First month-end row whose day is at or after x (H + 1 if none).  Month
 * ends fall on whole days, so a table by day answers in O(1). */
static int first_row_at(const model_t *m, double x)
{
    if (!(x <= m->bound[m->nbound - 1])) return m->sc->horizon + 1; /* also NaN, +inf */
    if (x <= m->bound[m->moff]) return 0;
    long k = (long)x;  /* ceil(x) for 0 < x < 2^53, without a library call */
    k += (double)k < x;
    return m->day_row[k - (long)m->bound[m->moff]];
}

/* Adds sign x the weight factor of phase p to its key's running sum for
 * every month-end row from `from` on.  The factor is piecewise constant in
 * the row (induction before row p->a, reduced from row p->b), so it is at
 * most three pieces in a difference array: O(1) a state change instead of a
 * pass over all cases a month. */
static void contribute(model_t *m, const phase_t *p, int from, double sign)
{
    const workforce_t *w = m->sc->wf;
    int end = m->sc->horizon + 1;
    int a = p->a > from ? p->a : from, b = p->b > from ? p->b : from;
    int cut[4] = { from, a < b ? a : b, a < b ? b : a, end };
    double *d = m->wdiff + (size_t)p->key * (size_t)(end + 1); /* this key's rows */
    for (int s = 0; s < 3; s++) {
        if (cut[s] >= cut[s + 1]) continue;
        double f = (cut[s] < a ? w->induction_factor : 1.0) * (cut[s] >= b ? w->reduced_factor : 1.0);
        d[cut[s]] += sign * f;
        /* row `end` (horizon + 1) is never summed: no need to close there */
        if (cut[s + 1] < end) d[cut[s + 1]] -= sign * f;
    }
}

void workload_note(model_t *m, const case_t *c)
{
    phase_t *p = &m->ph[c - m->c];
    if (p->key != PH_NONE) contribute(m, p, m->cur, -1); /* the old phase stops counting */
    int ty = c->state == ST_DONE ? -1 : wl_type(c->state);
    if (ty < 0) { p->key = PH_NONE; return; }
    double start = 0, len = 0;
    if (ty == WL_CUSTODY || !phase_of(m, c, &start, &len)) {
        /* no age-dependent weight: never in induction, never reduced */
        start = -1e30;     /* age 1e30: past any induction */
        len = INFINITY;    /* reduced from fraction x infinity: never */
    }
    /* the rows where induction ends and the reduced weight starts (from the
     * phase in single precision, as the workload has always been reckoned) */
    const workforce_t *w = m->sc->wf;
    double fs = (float)start, fl = (float)len;
    p->a = (uint16_t)first_row_at(m, fs + w->induction_months * DAYS_PER_MONTH);
    p->b = (uint16_t)first_row_at(m, fs + w->reduced_from * fl);
    p->key = (uint16_t)(ty * m->sc->ntiers + c->tier);
    contribute(m, p, m->cur, +1);
}

int workload_by_age(const scenario_t *s)
{
    return s->wf && (s->wf->induction_months > 0 || s->wf->reduced_from < 1);
}

/* Workload by grade and cases by grade at month-end row j. */
static void caseload_weights(model_t *m, int j, double t, double wl[GR_N], double cases[GR_N])
{
    const workforce_t *w = m->sc->wf;
    int nt = m->sc->ntiers;
    int counts_inactive = m->rb->inactive_counts;
    if (!workload_by_age(m->sc)) {
        /* weights depend on state and tier only: use the counters */
        for (int st = 0; st < NSTATE; st++) {
            int ty = wl_type(st);
            if (ty < 0) continue;
            for (int k = 0; k < nt; k++) {
                double n = (double)m->count[st * nt + k], pts = n * rb_at(m->rb, param_points(m->sc, ty, k), t);
                wl[GR_PO] += pts * w->po_share[k];
                wl[GR_PSO] += pts * (1 - w->po_share[k]);
                if (st != ST_INACTIVE || counts_inactive) {
                    cases[GR_PO] += n * w->po_share[k];
                    cases[GR_PSO] += n * (1 - w->po_share[k]);
                }
            }
        }
        return;
    }
    /* O(cases): one pass over the compact phase table a month */
    /* the running sums of weight factors by key, brought up to this row */
    size_t rows = (size_t)m->sc->horizon + 2;
    for (; m->wrow <= j; m->wrow++)
        for (int i = 0; i < WL_N * nt; i++) m->wcum[i] += m->wdiff[(size_t)i * rows + (size_t)m->wrow];
    const double *pts = m->wcum;
    double cnt[WL_N * 64] = { 0 };
    for (int st = 0; st < NSTATE; st++) {
        int ty = wl_type(st);
        if (ty >= 0)
            for (int k = 0; k < nt; k++) cnt[ty * nt + k] += (double)m->count[st * nt + k];
    }
    for (int ty = 0; ty < WL_N; ty++)
        for (int k = 0; k < nt; k++) {
            double n = cnt[ty * nt + k], x = pts[ty * nt + k] * rb_at(m->rb, param_points(m->sc, ty, k), t), s = w->po_share[k];
            wl[GR_PO] += x * s;
            wl[GR_PSO] += x * (1 - s);
            if (ty != WL_INACTIVE || counts_inactive) {
                cases[GR_PO] += n * s;
                cases[GR_PSO] += n * (1 - s);
            }
        }
}

/* Weeks in a month (365.25 / 7 / 12). */
#define WEEKS_PER_MONTH (365.25 / 84)

/* sum_i share_i x factor_i / sum_i share_i: 1 exactly when no toolkit
 * measure is in force (so the workload is untouched bit for bit). */
static double toolkit_scale(const model_t *m, double t)
{
    const scenario_t *s = m->sc;
    const prac_t *p = &s->wf->prac;
    if (!p->on) return 1;
    double a = 0, b = 0;
    int any = 0;
    for (int i = 0; i < p->ntypes; i++) {
        double f = rb_at(m->rb, param_work_type(s, i), t);
        any |= f != 1;
        a += p->type_share[i] * f;
        b += p->type_share[i];
    }
    return any && b > 0 ? a / b : 1;
}

/* Case-holding practitioners (FTE; trainees by head) at t. */
static double practitioners_at(const model_t *m, double t, double trainees)
{
    const scenario_t *s = m->sc;
    double n = trainees;
    for (int g = 0; g < GR_N; g++) n += m->staff.fte[g] * rb_at(m->rb, param_staff(s, g, PS_HOLDING_SHARE), t);
    return n;
}

/* Share of practitioners' capacity kept when supervisors are short:
 * 1 - lost_capacity x the share of practitioners without a supervisor. */
static double supervised_share(const model_t *m, double t, double trainees)
{
    const scenario_t *s = m->sc;
    const prac_t *p = &s->wf->prac;
    if (!p->has_spo) return 1;
    double lost = rb_at(m->rb, param_prac(s, PP_SPO_LOST), t);
    if (lost <= 0) return 1;
    double need = prac_spo_needed(practitioners_at(m, t, trainees), rb_at(m->rb, param_prac(s, PP_SPO_PER), t));
    double have = m->staff.spo_fte * p->spo.holding_share;
    if (need <= 0 || have >= need) return 1;
    return 1 - lost * (1 - have / need);
}

/* The practitioners' series of row j (see practitioners.h for the rules). */
static void practitioners_month(model_t *m, int j, double *row, double t, double trainees, double keep)
{
    const scenario_t *s = m->sc;
    const workforce_t *w = s->wf;
    const prac_t *p = &w->prac;
    const layout_t *l = m->lay;
    const double *o = row + l->wf0;
    double *q = row + l->pr0;
    for (int i = 0; i < PR_N; i++) q[i] = 0;
    double cv = rb_at(m->rb, param_prac(s, PP_SPREAD_CV), t);
    double only = rb_at(m->rb, param_prac(s, PP_CONTRACTED_ONLY), t) >= 0.5;
    double paid_w = rb_at(m->rb, param_prac(s, PP_PAID_OVERTIME), t), worked_w = rb_at(m->rb, param_prac(s, PP_WORKED_HOURS), t);
    double heads_tot = 0, eff_tot = 0;
    for (int g = 0; g < GR_N; g++) {
        double heads = o[WF_AVAIL_PO + g] + (g == GR_PO ? trainees : 0);
        double eff = (o[WF_AVAIL_PO + g] + (g == GR_PO ? o[WF_EFF_TRAINEE] : 0)) * keep;
        double mean = o[WF_CAP_PO + g] / 100;
        double s100 = prac_share_over(mean, cv, 1), s110 = prac_share_over(mean, cv, 1.1);
        double s4 = prac_share_over_weeks(p->week_tab, mean, cv, 1.1);
        q[PR_OVER100_PCT_PO + g] = 100 * s100;
        q[PR_OVER110_PCT_PO + g] = 100 * s110;
        q[PR_OVER110_4W_PCT_PO + g] = 100 * s4;
        q[PR_OVER110_PO + g] = s110 * heads;
        q[PR_OVER110_4W_PO + g] = s4 * heads;
        q[PR_OVER100_PCT_TOTAL] += s100 * heads;
        heads_tot += heads;
        eff_tot += eff;
        /* hours: case-work hours the grade is contracted for, and the loads
         * (relative to them) up to which paid overtime and all hours worked go */
        double red = rb_at(m->rb, param_staff(s, g, PS_REDUCTIONS), t);
        double casework = p->contracted_hours * (1 - red);
        double k_paid = casework > 0 ? 1 + paid_w / casework : 1;
        double k_work = casework > 0 ? 1 + (worked_w - p->contracted_hours) / casework : 1;
        prac_hours_t h = prac_hours(eff * casework * WEEKS_PER_MONTH, mean, cv, k_paid, only ? k_paid : fmax(k_paid, k_work));
        q[PR_HOURS_CONTRACTED] += h.contracted;
        q[PR_HOURS_WORKLOAD] += h.workload;
        q[PR_HOURS_PAID] += h.paid;
        q[PR_HOURS_UNPAID] += h.unpaid;
        q[PR_HOURS_SUSPENDED] += h.suspended;
    }
    q[PR_OVER110_TOTAL] = q[PR_OVER110_PO] + q[PR_OVER110_PSO];
    q[PR_OVER110_4W_TOTAL] = q[PR_OVER110_4W_PO] + q[PR_OVER110_4W_PSO];
    q[PR_OVER100_PCT_TOTAL] = heads_tot > 0 ? 100 * q[PR_OVER100_PCT_TOTAL] / heads_tot : 0;
    q[PR_OVER110_PCT_TOTAL] = heads_tot > 0 ? 100 * q[PR_OVER110_TOTAL] / heads_tot : 0;
    q[PR_OVER110_4W_PCT_TOTAL] = heads_tot > 0 ? 100 * q[PR_OVER110_4W_TOTAL] / heads_tot : 0;
    q[PR_POINTS_PER_FTE] = eff_tot > 0 ? o[WF_WORKLOAD_TOTAL] / eff_tot : 0;
    q[PR_COST_OVERTIME] = q[PR_HOURS_PAID] * rb_at(m->rb, param_prac(s, PP_OVERTIME_COST), t);
    /* work types: the workload's hours by type (toolkit factors applied), and
     * the hours not done, lowest priority first */
    double hrs[32], sus[32], a = 0;
    for (int i = 0; i < p->ntypes; i++) a += (hrs[i] = p->type_share[i] * rb_at(m->rb, param_work_type(s, i), t));
    for (int i = 0; i < p->ntypes; i++) hrs[i] = a > 0 ? q[PR_HOURS_WORKLOAD] * hrs[i] / a : 0;
    prac_suspend(hrs, p->ntypes, q[PR_HOURS_SUSPENDED], sus);
    for (int i = 0; i < p->ntypes; i++) {
        row[l->wt0 + 2 * i] = hrs[i];
        row[l->wt0 + 2 * i + 1] = sus[i];
    }
    /* supervisors */
    if (p->has_spo) {
        double need = prac_spo_needed(heads_tot, rb_at(m->rb, param_prac(s, PP_SPO_PER), t));
        double hold = p->spo.holding_share, have = m->staff.spo_fte * hold;
        q[PR_SPO_NEEDED] = need;
        q[PR_SPO_AVAILABLE] = have;
        q[PR_SPO_IN_POST] = m->staff.spo_fte;
        q[PR_SPO_GAP] = need - have;
        q[PR_SPO_COST_GAP] = hold > 0 ? (need - have) / hold * rb_at(m->rb, param_prac(s, PP_SPO_COST), t) : 0;
        q[PR_SPO_LOST_PCT] = 100 * (1 - keep);
        /* the supervisors the staff needed would need (trainees as in post) */
        q[PR_SPO_NEEDED_WORKLOAD] = prac_spo_needed(o[WF_REQ_TOTAL] + trainees, rb_at(m->rb, param_prac(s, PP_SPO_PER), t));
    }
    q[PR_SAFEGUARD] = workload_safeguard(p, m->out, (size_t)m->nser, l->wf0 + WF_CAP_TOTAL, j);
}

int workload_safeguard(const prac_t *p, const double *rows, size_t stride, int col, int j)
{
    /* the service average beyond the line in every month covering the
     * weeks asked (the average is held within a month) */
    int months = (int)ceil(p->safeguard_weeks / WEEKS_PER_MONTH - 1e-9), full = 1;
    for (int i = 0; i < months && i <= j; i++) full &= rows[(size_t)(j - i) * stride + (size_t)col] > p->safeguard_pct;
    return full;
}

void workload_snapshot(model_t *m, int j)
{
    double t = month_rules_day(m->bound[m->moff + j], j);
    double *snap = m->wl_snap[j % (m->wl_lag + 1)];
    for (int i = 0; i < 2 * GR_N; i++) snap[i] = 0;
    caseload_weights(m, j, t, snap, snap + GR_N);
}

void workload_month(model_t *m, int j, double *row)
{
    const scenario_t *s = m->sc;
    const workforce_t *w = s->wf;
    const layout_t *l = m->lay;
    /* the rules in force just before the month's end (scenario.h): a
     * recruitment drive from April 1st starts in April's row, not March's */
    double t = month_rules_day(m->bound[m->moff + j], j);
    const double *snap = m->wl_snap[j % (m->wl_lag + 1)];
    double wl[GR_N] = { snap[0], snap[1] }, cases[GR_N] = { snap[GR_N], snap[GR_N + 1] };
    /* reports written this month, and other work */
    double other = 0;
    if (j > 0) {
        for (int r = 0; r < s->nreports; r++) other += row[l->psr0 + r] * rb_at(m->rb, param_report_points(s, r), t);
        for (int i = 0; i < w->nother; i++)
            other += m->other_idx[i] >= 0 ? row[m->other_idx[i]] * rb_at(m->rb, param_other_work(s, i), t)
                     : w->other_flow[i] ? 0 : rb_at(m->rb, param_other_work(s, i), t);
    } else {
        /* Month 0 is the starting stock and has no flows; its report and
         * recall work is what the start-month rates imply (so month 0's
         * capacity is comparable with later months).  Other flows: none. */
        for (int d = 0; d < s->ndisp; d++) {
            double per_report = 0;
            for (int r = 0; r < s->nreports; r++)
                per_report += rb_at(m->rb, param_mix(s, d, r), t) * rb_at(m->rb, param_report_points(s, r), t);
            other += rb_at(m->rb, param_disp(s, d, PD_VOLUME), t) / 12 * rb_at(m->rb, param_disp(s, d, PD_REPORT_SHARE), t) * per_report;
        }
        double on_licence = row[l->sup[SUP_LICENCE]] + row[l->inactive];
        for (int i = 0; i < w->nother; i++) {
            double amount = rb_at(m->rb, param_other_work(s, i), t);
            if (!w->other_flow[i]) other += amount;
            else if (m->other_idx[i] == l->recalls)
                /* recalls a month at the hazard, as the flows make them
                 * (the re-released are recalled again): not the chance of
                 * a first recall, 1 - exp(-h month), about 2% fewer */
                other += on_licence * rb_at(m->rb, PG_RECALL_RATE, t) * DAYS_PER_MONTH * amount;
        }
    }
    wl[GR_PO] += other * w->po_share_other;
    wl[GR_PSO] += other * (1 - w->po_share_other);

    /* the workload reduction toolkit: work types' points factors */
    double tk = toolkit_scale(m, t);
    if (tk != 1) {
        wl[GR_PO] *= tk;
        wl[GR_PSO] *= tk;
    }

    if (j > 0) staff_step(&m->staff, m->rb, m->r_staff, t);
    double tr_eff, tr = staff_trainees(&m->staff, w, &tr_eff);
    double keep = supervised_share(m, t, tr);
    double *o = row + l->wf0;
    double req_tot = 0, gap_tot = 0, cap_tot = 0, cost = 0, short_tot = 0, short_cost = 0;
    for (int g = 0; g < GR_N; g++) {
        double per_fte = rb_at(m->rb, param_staff(s, g, PS_POINTS_PER_FTE), t) * (1 - rb_at(m->rb, param_staff(s, g, PS_REDUCTIONS), t));
        double hold = rb_at(m->rb, param_staff(s, g, PS_HOLDING_SHARE), t);
        double avail = m->staff.fte[g] * hold;
        double eff = avail + (g == GR_PO ? tr_eff : 0);
        eff *= keep; /* capacity lost for want of supervisors (1: none lost) */
        double req = per_fte > 0 ? wl[g] / per_fte : 0;
        double cap = rb_at(m->rb, param_staff(s, g, PS_CASELOAD_CAP), t);
        if (cap > 0 && cases[g] / cap > req) req = cases[g] / cap;
        o[WF_WORKLOAD_PO + g] = wl[g];
        o[WF_REQ_PO + g] = req;
        o[WF_AVAIL_PO + g] = avail;
        o[WF_INPOST_PO + g] = m->staff.fte[g];
        o[WF_GAP_PO + g] = req - eff;
        o[WF_CAP_PO + g] = eff > 0 ? 100 * wl[g] / (eff * per_fte) : 0;
        o[WF_CASES_PO + g] = eff > 0 ? cases[g] / eff : 0;
        o[WF_CAPPTS_PO + g] = eff * per_fte;
        req_tot += req;
        gap_tot += req - eff;
        cap_tot += eff * per_fte;
        /* costs are of the staff in post behind case-holding FTE (over the
         * holding share), as compare's derived.cost_gap and cost_short */
        double pay = rb_at(m->rb, param_staff(s, g, PS_ANNUAL_COST), t) / (hold > 0 ? hold : 1);
        double short_g = req > eff ? req - eff : 0;
        cost += (req - eff) * pay;
        o[WF_SHORT_PO + g] = short_g;
        short_tot += short_g;
        short_cost += short_g * pay;
    }
    o[WF_WORKLOAD_TOTAL] = wl[GR_PO] + wl[GR_PSO];
    o[WF_REQ_TOTAL] = req_tot;
    o[WF_AVAIL_TRAINEE] = tr;
    o[WF_EFF_TRAINEE] = tr_eff;
    /* trainees at their share of a qualified PO's capacity, as the gap
     * counts them: needed - available = the net gap (without supervisors
     * lost, keep = 1); their heads are WF_AVAIL_TRAINEE */
    o[WF_AVAIL_TOTAL] = o[WF_AVAIL_PO] + o[WF_AVAIL_PSO] + tr_eff;
    o[WF_GAP_TOTAL] = gap_tot;
    o[WF_CAP_TOTAL] = cap_tot > 0 ? 100 * o[WF_WORKLOAD_TOTAL] / cap_tot : 0;
    o[WF_CAPPTS_TOTAL] = cap_tot;
    o[WF_COST_GAP] = cost;
    o[WF_SHORT_TOTAL] = short_tot;
    o[WF_COST_SHORT] = short_cost;
    if (l->pr0 >= 0) practitioners_month(m, j, row, t, tr, keep);
}
