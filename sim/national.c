/* national.c: the national series of a scenario with regions, from the
 * regions' own (regions.h).
 *
 * A count (people, orders, flows, FTE, points, hours, money) is the sum of
 * the regions', added in region order.  A ratio is the ratio of the sums:
 * capacity % = 100 x workload / capacity points; cases per FTE = cases /
 * effective FTE (required less the gap); the share of practitioners over a
 * line = practitioners over it / practitioners (each grade's, trainees with
 * the probation officers); the safeguard is read again from the national
 * capacity %.  So national numbers are what one service with the regions'
 * people and staff would report. */
#include "model_internal.h"
#include "regions.h"

#include <string.h>

/* Ratio of weighted sums: sum(x_r w_r) / sum(w_r) (0 without weight),
 * the weight w_r the sum of up to three columns (-1: none). */
static double wmean(double *const *reg, int R, size_t at, size_t stride, int x, const int w[3])
{
    double a = 0, b = 0;
    for (int r = 0; r < R; r++) {
        const double *row = reg[r] + at * stride;
        double wt = 0;
        for (int k = 0; k < 3; k++) wt += w[k] >= 0 ? row[w[k]] : 0;
        a += row[x] * wt;
        b += wt;
    }
    return b > 0 ? a / b : 0;
}

static void ratios(const scenario_t *s, const layout_t *l, double *const *reg, int R, size_t j, double *row, double *out)
{
    size_t nb = (size_t)l->n; /* the regions' rows are out's rows */
    double *o = row + l->wf0;
    for (int g = 0; g < GR_N; g++) {
        double eff = o[WF_REQ_PO + g] - o[WF_GAP_PO + g], cases = 0;
        for (int r = 0; r < R; r++) {
            const double *q = reg[r] + j * nb + l->wf0;
            cases += q[WF_CASES_PO + g] * (q[WF_REQ_PO + g] - q[WF_GAP_PO + g]);
        }
        o[WF_CASES_PO + g] = eff > 0 ? cases / eff : 0;
        o[WF_CAP_PO + g] = o[WF_CAPPTS_PO + g] > 0 ? 100 * o[WF_WORKLOAD_PO + g] / o[WF_CAPPTS_PO + g] : 0;
    }
    o[WF_CAP_TOTAL] = o[WF_CAPPTS_TOTAL] > 0 ? 100 * o[WF_WORKLOAD_TOTAL] / o[WF_CAPPTS_TOTAL] : 0;
    if (l->pr0 < 0) return;
    double *q = row + l->pr0;
    int w = l->wf0, po = w + WF_AVAIL_PO, pso = w + WF_AVAIL_PSO, tr = w + WF_AVAIL_TRAINEE;
    /* practitioners by head: a grade's available FTE (trainees, whole, with the POs) */
    const int heads[3][3] = { { po, tr, -1 }, { pso, -1, -1 }, { po, pso, tr } };
    for (int g = 0; g < 3; g++) {
        q[PR_OVER100_PCT_PO + g] = wmean(reg, R, j, nb, l->pr0 + PR_OVER100_PCT_PO + g, heads[g]);
        q[PR_OVER110_PCT_PO + g] = wmean(reg, R, j, nb, l->pr0 + PR_OVER110_PCT_PO + g, heads[g]);
        q[PR_OVER110_4W_PCT_PO + g] = wmean(reg, R, j, nb, l->pr0 + PR_OVER110_4W_PCT_PO + g, heads[g]);
    }
    double eff_tot = o[WF_REQ_TOTAL] - o[WF_GAP_TOTAL];
    q[PR_POINTS_PER_FTE] = eff_tot > 0 ? o[WF_WORKLOAD_TOTAL] / eff_tot : 0;
    q[PR_SPO_LOST_PCT] = wmean(reg, R, j, nb, l->pr0 + PR_SPO_LOST_PCT, heads[2]);
    q[PR_SAFEGUARD] = workload_safeguard(&s->wf->prac, out, (size_t)l->n, l->wf0 + WF_CAP_TOTAL, (int)j);
}

void national_sum(const scenario_t *s, const layout_t *l, double *out)
{
    int R = l->nreg;
    size_t nb = (size_t)l->nbase, n = (size_t)l->n;
    double *reg[REGIONS_MAX]; /* region r's block of row 0; rows n apart */
    for (int r = 0; r < R; r++) reg[r] = out + nb * (size_t)(r + 1);
    for (size_t j = 0; j <= (size_t)s->horizon; j++) {
        double *row = out + j * n;
        for (size_t i = 0; i < nb; i++) {
            double a = 0;
            for (int r = 0; r < R; r++) a += reg[r][j * n + i];
            row[i] = a;
        }
        if (l->wf0 >= 0) ratios(s, l, reg, R, j, row, out);
    }
}
