/* rulebook.c: compiling a scenario and its levers into timelines (rulebook.h). */
#include "rulebook.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "regions.h"
#include "uncertain.h"
#include "workforce.h"

/* Effect of an edit at t >= from: 1 once phased in. */
static double apply(double v, const rb_edit *e, double t)
{
    double r = e->ramp <= 0 || t >= e->from + e->ramp ? 1 : (t - e->from) / e->ramp;
    switch (e->op) {
    case RB_SET: return e->x;
    case RB_BLEND: return v + (e->x - v) * r;
    case RB_MULTIPLY: return v * (1 + (e->x - 1) * r);
    default: return v + e->x * r;
    }
}

static double chain(const rb_timeline *tl, double t)
{
    double v = tl->base;
    for (int i = 0; i < tl->n && tl->e[i].from <= t; i++) v = apply(v, &tl->e[i], t);
    return v;
}

double rulebook_eval(const rb_timeline *tl, double t)
{
    if (!(t >= tl->bp[0])) return tl->base;
    int lo = 0, hi = tl->nb - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (tl->bp[mid] <= t) lo = mid;
        else hi = mid - 1;
    }
    double v = tl->val[lo];
    return isnan(v) ? chain(tl, t) : v;
}

/* A national lever's count (a volume, recruits a month) in a region is the
 * region's part of it (regions.h); a share or a factor is the same everywhere. */
static double region_part(const rulebook_t *rb, int id, const lever_t *l, int op, double x)
{
    return op != RB_MULTIPLY && !l->regions ? x * regions_count_scale(rb->sc, id) : x;
}

static int add_edit(rulebook_t *rb, int id, const lever_t *l, int li, int op, double x, double ramp)
{
    rb_timeline *tl = &rb->tl[id];
    x = region_part(rb, id, l, op, x);
    rb_edit *e = realloc(tl->e, (size_t)(tl->n + 1) * sizeof *e);
    if (!e) return -1;
    tl->e = e;
    e[tl->n++] = (rb_edit){ .from = l->from, .ramp = ramp, .x = x, .x0 = x, .op = op, .lever = li };
    return 0;
}

static int add_event_at(rulebook_t *rb, int li, int kind, double t)
{
    rb_event *ev = realloc(rb->ev, (size_t)(rb->nev + 1) * sizeof *ev);
    if (!ev) return -1;
    rb->ev = ev;
    ev[rb->nev] = (rb_event){ .t = t, .kind = kind, .lever = li };
    if (kind == RB_EV_TRANCHE) {
        ev[rb->nev].rf = malloc((size_t)rb->sc->ndisp * sizeof *ev[rb->nev].rf);
        if (!ev[rb->nev].rf) return -1;
        for (int d = 0; d < rb->sc->ndisp; d++) ev[rb->nev].rf[d] = NAN;
    }
    rb->nev++;
    return 0;
}

static int add_event(rulebook_t *rb, const lever_t *l, int li, int kind) { return add_event_at(rb, li, kind, l->from); }

/* New recall draws for everyone on licence when a lever changes the
 * hazard: on its date and, while it phases in, every half month or less to
 * the end of the phase-in (a draw keeps the hazard of its day, so with
 * one draw on the date people already on licence kept the rate of the
 * phase-in's first day until recalled: a threefold rise over a year
 * reached them five months after it was complete). */
static int redraw_recalls(rulebook_t *rb, const lever_t *l, int li)
{
    int steps = l->ramp > 0 ? (int)ceil(l->ramp / 15) : 0;
    for (int k = 0; k <= steps; k++)
        if (add_event_at(rb, li, RB_EV_REDRAW_RECALL, l->from + (k == steps ? l->ramp : k * (l->ramp / steps)))) return -1;
    return 0;
}

/* A tranche: the new release fraction for everyone in custody in band d
 * on the date; from day 0 or before it is also the starting stock's. */
static int tranche(rulebook_t *rb, const lever_t *l, int li, int d, double rf)
{
    if (!rb->nev || rb->ev[rb->nev - 1].lever != li) {
        if (add_event(rb, l, li, RB_EV_TRANCHE)) return -1;
    }
    rb->ev[rb->nev - 1].rf[d] = rf;
    if (l->from <= 0) rb->stock_rf[d] = rf;
    return 0;
}

/* Named levers and general edits into edits of rule parameters. */
static int compile_lever(rulebook_t *rb, const lever_t *l, int li)
{
    const scenario_t *s = rb->sc;
    int rc = 0;
    switch (l->kind) {
    case LV_PRESUMPTION:
        for (int d = 0; d < s->ndisp; d++)
            if (l->disp[d]) rc |= add_edit(rb, param_disp(s, d, PD_DIVERT_SHARE), l, li, RB_BLEND, l->share, l->ramp);
        rb->divert_threshold = l->threshold;
        rb->divert_to = l->to;
        rb->divert_profile = &l->prof;
        break;
    case LV_RELEASE:
        for (int d = 0; d < s->ndisp; d++) {
            if (!l->disp[d]) continue;
            rc |= add_edit(rb, param_disp(s, d, PD_RELEASE), l, li, RB_SET, l->release_fraction, 0);
            if (l->tranche) rc |= tranche(rb, l, li, d, l->release_fraction);
        }
        break;
    case LV_END_PSS:
        rc |= add_edit(rb, PG_PSS_IN_FORCE, l, li, RB_SET, 0, 0);
        break;
    case LV_END_SUP:
        rc |= add_event(rb, l, li, RB_EV_END_SUP);
        break;
    case LV_RECALL:
        if (l->has_mult) rc |= add_edit(rb, PG_RECALL_RATE, l, li, RB_MULTIPLY, l->mult, l->ramp);
        if (l->has_ftr_share) rc |= add_edit(rb, PG_FTR_SHARE, l, li, RB_BLEND, l->ftr_share, l->ramp);
        if (l->has_ftr_short) rc |= add_edit(rb, PG_FTR_SHORT, l, li, RB_SET, l->ftr_short, 0);
        if (l->has_ftr_long) rc |= add_edit(rb, PG_FTR_LONG, l, li, RB_SET, l->ftr_long, 0);
        /* the hazard changes: everyone on licence gets a new recall draw */
        if (l->has_mult) rc |= redraw_recalls(rb, l, li);
        if (l->convert_held > 0) rc |= add_event(rb, l, li, RB_EV_CONVERT_RECALL);
        break;
    case LV_END_DONE:
        for (int d = 0; d < s->ndisp; d++) {
            if (!l->disp[d]) continue;
            rc |= add_edit(rb, param_disp(s, d, PD_DONE_SHARE), l, li, RB_SET, l->share, 0);
            rc |= add_edit(rb, param_disp(s, d, PD_DONE_AT), l, li, RB_SET, l->done_at, 0);
        }
        rc |= add_event(rb, l, li, RB_EV_END_DONE);
        break;
    case LV_VOLUME:
        for (int d = 0; d < s->ndisp; d++)
            if (l->disp[d]) rc |= add_edit(rb, param_disp(s, d, PD_VOLUME), l, li, RB_MULTIPLY, l->volume_mult, l->ramp);
        break;
    case LV_REPORTS:
        for (int d = 0; d < s->ndisp; d++) {
            if (!l->disp[d]) continue;
            if (l->has_share) rc |= add_edit(rb, param_disp(s, d, PD_REPORT_SHARE), l, li, RB_BLEND, l->share, l->ramp);
            if (l->mix)
                for (int r = 0; r < s->nreports; r++) rc |= add_edit(rb, param_mix(s, d, r), l, li, RB_SET, l->mix[r], 0);
        }
        break;
    case LV_ACTIVE:
        rc |= add_edit(rb, PG_ACTIVE_FRACTION, l, li, RB_SET, l->active_fraction, 0);
        break;
    case LV_STAFF: {
        int g = l->grade;
        if (l->extra > 0) rc |= add_edit(rb, param_staff(s, g, PS_EXTRA), l, li, RB_ADD, l->extra, l->ramp);
        if (l->attr_mult != 1) rc |= add_edit(rb, param_staff(s, g, PS_ATTRITION), l, li, RB_MULTIPLY, l->attr_mult, l->ramp);
        if (g < GR_N && l->cap_mult != 1) rc |= add_edit(rb, param_staff(s, g, PS_POINTS_PER_FTE), l, li, RB_MULTIPLY, l->cap_mult, l->ramp);
        if (g < GR_N && l->caseload_cap > 0) rc |= add_edit(rb, param_staff(s, g, PS_CASELOAD_CAP), l, li, RB_SET, l->caseload_cap, 0);
        break;
    }
    case LV_EDIT: {
        param_info p;
        if (param_get(s, l->param, &p)) return -1; /* checked when read */
        int op = l->op == OP_SET ? (l->ramp > 0 ? RB_BLEND : RB_SET) : l->op == OP_MULTIPLY ? RB_MULTIPLY : RB_ADD;
        double x = l->op == OP_SET ? param_to_model(&p, l->value) : l->op == OP_ADD ? param_delta_to_model(&p, l->value) : l->value;
        rc |= add_edit(rb, l->param, l, li, op, x, l->ramp);
        if (l->tranche)
            for (int d = 0; d < s->ndisp; d++)
                if (l->param == param_disp(s, d, PD_RELEASE)) rc |= tranche(rb, l, li, d, x);
        int recall = l->param == PG_RECALL_RATE;
        for (int d = 0; d < s->ndisp; d++) recall |= l->param == param_disp(s, d, PD_RECALL_FACTOR);
        if (recall) rc |= redraw_recalls(rb, l, li);
        break;
    }
    default:
        break;
    }
    return rc;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The value of every segment where no phase-in is running. */
static void revalue(rb_timeline *tl)
{
    for (int i = 0; i < tl->nb; i++) {
        double t = tl->bp[i];
        int running = 0;
        for (int k = 0; k < tl->n; k++)
            running |= tl->e[k].op != RB_SET && tl->e[k].from <= t && t < tl->e[k].from + tl->e[k].ramp;
        tl->val[i] = running ? NAN : chain(tl, t);
    }
}

/* Date order (stable: same date, order written), then the breakpoints and
 * the value of every segment where no phase-in is running. */
static int finish(rb_timeline *tl)
{
    for (int i = 1; i < tl->n; i++)
        for (int j = i; j > 0 && tl->e[j - 1].from > tl->e[j].from; j--) {
            rb_edit t = tl->e[j];
            tl->e[j] = tl->e[j - 1];
            tl->e[j - 1] = t;
        }
    tl->bp = malloc((size_t)(2 * tl->n) * sizeof *tl->bp);
    tl->val = malloc((size_t)(2 * tl->n) * sizeof *tl->val);
    if (!tl->bp || !tl->val) return -1;
    int nb = 0;
    for (int i = 0; i < tl->n; i++) {
        tl->bp[nb++] = tl->e[i].from;
        if (tl->e[i].ramp > 0) tl->bp[nb++] = tl->e[i].from + tl->e[i].ramp;
    }
    qsort(tl->bp, (size_t)nb, sizeof *tl->bp, cmp_double);
    int u = 0;
    for (int i = 0; i < nb; i++)
        if (!u || tl->bp[i] != tl->bp[u - 1]) tl->bp[u++] = tl->bp[i];
    tl->nb = u;
    revalue(tl);
    return 0;
}

void rulebook_free(rulebook_t *rb)
{
    if (!rb) return;
    for (int i = 0; rb->tl && i < rb->n; i++) { /* tl is NULL if its calloc failed */
        free(rb->tl[i].e);
        free(rb->tl[i].bp);
        free(rb->tl[i].val);
    }
    for (int i = 0; rb->ev && i < rb->nev; i++) free(rb->ev[i].rf);
    free(rb->tl);
    free(rb->ev);
    free(rb->stock_rf);
    free(rb->tgt);
    free(rb->tier_cum);
    free(rb->divert_tier_cum);
    free(rb->tier_guide);
    free(rb->divert_tier_guide);
    free(rb);
}

/* Does rule parameter id belong to the family a lever range edits? */
static int in_family(const rulebook_t *rb, const unc_range *r, int id)
{
    const scenario_t *s = rb->sc;
    int d = id >= PG_N && id < PG_N + s->ndisp * PD_N ? (id - PG_N) % PD_N : -1;
    switch (r->family) {
    case UF_DIVERT: return d == PD_DIVERT_SHARE;
    case UF_RECALL_RATE: return id == PG_RECALL_RATE;
    case UF_FTR_SHARE: return id == PG_FTR_SHARE;
    case UF_VOLUME: return d == PD_VOLUME;
    case UF_ACTIVE: return id == PG_ACTIVE_FRACTION;
    case UF_EDIT: return id == s->levers[r->lever].param;
    default: return 0;
    }
}

/* Does the region set this parameter itself (then no national range draws it)? */
static int own_rate(const rulebook_t *rb, int id)
{
    const scenario_t *s = rb->sc;
    const region_t *reg = s->parent ? &s->parent->regions[s->region] : NULL;
    for (int k = 0; reg && k < reg->nrates; k++)
        if (reg->rate_id[k] == id) return 1;
    return 0;
}

static int add_target(rulebook_t *rb, int range, int id, int edit)
{
    struct rb_target *t = realloc(rb->tgt, (size_t)(rb->ntgt + 1) * sizeof *t);
    if (!t) return -1;
    rb->tgt = t;
    t[rb->ntgt] = (struct rb_target){ .range = range, .id = id, .edit = edit };
    param_get(rb->sc, id, &t[rb->ntgt].p);
    rb->ntgt++;
    return 0;
}

/* What each range edits: its parameter's starting value, or the edits its
 * lever made of the parameters its key stands for. */
static int targets(rulebook_t *rb)
{
    const scenario_t *s = rb->sc;
    for (int i = 0; i < s->nranges; i++) {
        const unc_range *r = &s->ranges[i];
        if (r->family == UF_BASE) {
            if (r->param >= 0 && r->param < rb->n && !own_rate(rb, r->param) && add_target(rb, i, r->param, -1)) return -1;
            continue;
        }
        for (int id = 0; id < rb->n; id++)
            for (int k = 0; k < rb->tl[id].n; k++)
                if (rb->tl[id].e[k].lever == r->lever && in_family(rb, r, id) && add_target(rb, i, id, k)) return -1;
    }
    return 0;
}

void rulebook_tier_table(const double *share, int n, double *cum, uint8_t *guide)
{
    double acc = 0;
    for (int k = 0; k < n; k++) cum[k] = acc += share[k];
    for (int j = 0, k = 0; j < TIER_GUIDE; j++) {
        while (k < n - 1 && !((double)j / TIER_GUIDE < cum[k])) k++;
        guide[j] = (uint8_t)k;
    }
}

static int tier_sums(rulebook_t *rb)
{
    const scenario_t *s = rb->sc;
    int nt = s->ntiers;
    rb->tier_cum = malloc((size_t)s->ndisp * (size_t)nt * sizeof *rb->tier_cum);
    rb->tier_guide = malloc((size_t)s->ndisp * TIER_GUIDE);
    if (!rb->tier_cum || !rb->tier_guide) return -1;
    for (int d = 0; d < s->ndisp; d++)
        rulebook_tier_table(s->disp[d].tier_share, nt, rb->tier_cum + (size_t)d * (size_t)nt, rb->tier_guide + (size_t)d * TIER_GUIDE);
    if (rb->divert_profile && rb->divert_profile->tier_share) {
        rb->divert_tier_cum = malloc((size_t)nt * sizeof *rb->divert_tier_cum);
        rb->divert_tier_guide = malloc(TIER_GUIDE);
        if (!rb->divert_tier_cum || !rb->divert_tier_guide) return -1;
        rulebook_tier_table(rb->divert_profile->tier_share, nt, rb->divert_tier_cum, rb->divert_tier_guide);
    }
    return 0;
}

rulebook_t *rulebook_create(const scenario_t *s)
{
    rulebook_t *rb = calloc(1, sizeof *rb);
    if (!rb) return NULL;
    rb->sc = s;
    rb->n = param_count(s);
    rb->tl = calloc((size_t)rb->n, sizeof *rb->tl);
    rb->stock_rf = malloc((size_t)s->ndisp * sizeof *rb->stock_rf);
    if (!rb->tl || !rb->stock_rf) { rulebook_free(rb); return NULL; }
    for (int d = 0; d < s->ndisp; d++) rb->stock_rf[d] = NAN;
    param_info p;
    for (int id = 0; id < rb->n; id++)
        if (!param_get(s, id, &p)) rb->tl[id].base = rb->tl[id].base0 = p.base;
    /* a region's own rates (regions.h): the starting value, while base0
     * stays the scenario's (a length drawn from the file's distribution is
     * scaled by base / base0, so a region's own mean length takes effect) */
    const region_t *reg = s->parent ? &s->parent->regions[s->region] : NULL;
    for (int k = 0; reg && k < reg->nrates; k++) rb->tl[reg->rate_id[k]].base = reg->rate_val[k];
    rb->inactive_counts = 1;
    int rc = 0, active_seen = 0;
    for (int i = 0; i < s->nlevers; i++) {
        if (!regions_lever_applies(s, s->levers[i].regions)) continue;
        rc |= compile_lever(rb, &s->levers[i], i);
        if (s->levers[i].kind == LV_ACTIVE && !active_seen++) rb->inactive_counts = s->levers[i].counts;
    }
    for (int id = 0; id < rb->n && !rc; id++)
        if (rb->tl[id].n) rc |= finish(&rb->tl[id]);
    if (!rc) rc = targets(rb);
    if (!rc) rc = tier_sums(rb);
    if (rc) { rulebook_free(rb); return NULL; }
    return rb;
}

int rulebook_draw(rulebook_t *rb, uint64_t rep_seed)
{
    const scenario_t *s = rb->sc;
    for (int k = 0; k < rb->ntgt; k++) {
        const struct rb_target *g = &rb->tgt[k];
        const unc_range *r = &s->ranges[g->range];
        double v = unc_value(s, r, rep_seed);
        rb_timeline *tl = &rb->tl[g->id];
        if (g->edit < 0) {
            tl->base = v == r->central ? tl->base0 : param_to_model(&g->p, v) * regions_count_scale(s, g->id);
            continue;
        }
        rb_edit *e = &tl->e[g->edit];
        if (v == r->central) e->x = e->x0;
        else if (r->family != UF_EDIT) e->x = region_part(rb, g->id, &s->levers[r->lever], e->op, v);
        else {
            const lever_t *l = &s->levers[r->lever];
            double x = l->op == OP_SET ? param_to_model(&g->p, v) : l->op == OP_ADD ? param_delta_to_model(&g->p, v) : v;
            e->x = region_part(rb, g->id, l, e->op, x);
        }
    }
    for (int k = 0; k < rb->ntgt; k++)
        if (rb->tl[rb->tgt[k].id].n) revalue(&rb->tl[rb->tgt[k].id]);
    return rb->ntgt;
}

int rulebook_band_of(const rulebook_t *rb, double len)
{
    const scenario_t *s = rb->sc;
    int best = -1;
    double gap = INFINITY;
    for (int k = 0; k < s->ndisp; k++) {
        const disposal_t *dp = &s->disp[k];
        if (dp->kind != KIND_CUSTODY) continue;
        double g = len < dp->band_lo ? dp->band_lo - len : len > dp->band_hi ? len - dp->band_hi : 0;
        if (g < gap) { gap = g; best = k; }
    }
    return best;
}

/* ---- describing ------------------------------------------------------------------ */

static void edit_words(FILE *out, const param_info *p, const rb_edit *e)
{
    double x = e->op == RB_SET || e->op == RB_BLEND ? param_from_model(p, e->x) : e->op == RB_ADD && p->scale ? e->x / p->scale : e->x;
    switch (e->op) {
    case RB_SET:
    case RB_BLEND: fprintf(out, "sets %s to %g %s", p->path, x, p->unit); break;
    case RB_MULTIPLY: fprintf(out, "multiplies %s by %g", p->path, x); break;
    default: fprintf(out, "adds %g %s to %s", x, p->unit, p->path); break;
    }
    if (e->op != RB_SET && e->ramp > 0) fprintf(out, ", phased in over %.0f months", e->ramp / DAYS_PER_MONTH);
    fprintf(out, " (%g at the start; %s)", param_from_model(p, p->base),
            p->clock == CLOCK_NOW ? "for everyone from the date"
            : p->clock == CLOCK_SENTENCE ? "for sentences passed from the date" : "for people first released from the date");
}

int rulebook_describe(const rulebook_t *rb, FILE *out)
{
    const scenario_t *s = rb->sc;
    if (!s->nlevers) return 0;
    fprintf(out, "What the levers change (rule parameters; see `caseflow params`):\n");
    param_info p;
    for (int i = 0; i < s->nlevers; i++) {
        const lever_t *l = &s->levers[i];
        char date[16];
        policy_date_label(l, date);
        fprintf(out, "  lever %d (%s, from %s", i + 1, l->kind == LV_EDIT ? edit_op_names[l->op] : lever_names[l->kind], date);
        for (int r = 0, first = 1; l->regions && r < s->nregions; r++)
            if ((l->regions >> r) & 1) { fprintf(out, "%s%s", first ? "; only in " : ", ", s->regions[r].name); first = 0; }
        fprintf(out, "):\n");
        int any = 0;
        for (int id = 0; id < rb->n; id++)
            for (int k = 0; k < rb->tl[id].n; k++)
                if (rb->tl[id].e[k].lever == i && !param_get(s, id, &p)) {
                    fprintf(out, "    ");
                    edit_words(out, &p, &rb->tl[id].e[k]);
                    fprintf(out, "\n");
                    any = 1;
                }
        for (int k = 0; k < rb->nev; k++)
            if (rb->ev[k].lever == i && !(k > 0 && rb->ev[k - 1].lever == i && rb->ev[k - 1].kind == rb->ev[k].kind))
            {
                static const char *const words[] = {
                    [RB_EV_TRANCHE] = "on the date, everyone in custody in these bands gets the new release point; those past it are released that day",
                    [RB_EV_REDRAW_RECALL] = "on the date (and every half month or less of a phase-in), everyone on licence gets a new time to recall at the rate then",
                    [RB_EV_END_SUP] = "on the date, the supervision it names ends for everyone it covers",
                    [RB_EV_CONVERT_RECALL] = "on the date, that share of the people held on a standard recall become fixed-term recalls",
                    [RB_EV_END_DONE] = "on the date, orders running then end at the new point (today if already past it)",
                };
                fprintf(out, "    %s\n", words[rb->ev[k].kind]);
                any = 1;
            }
        if (!any) fprintf(out, "    changes no rule parameter\n");
    }
    int warn = 0;
    char start[8];
    month_label(s->start + 1, start);
    for (int i = 0; i < s->nlevers; i++) {
        const lever_t *l = &s->levers[i];
        char date[16];
        policy_date_label(l, date);
        if (l->from < 0) {
            fprintf(out, "warning: lever %d (from %s) is dated before the projection starts (%s): it is in force from the start%s\n",
                    i + 1, date, start, l->tranche ? ", and its tranche applies to the starting stock" : "");
            warn++;
        }
        if (l->from_month > s->start + s->horizon) {
            char end[8];
            month_label(s->start + s->horizon, end);
            fprintf(out, "warning: lever %d (from %s) is dated after the projection ends (%s): it changes nothing in this run\n",
                    i + 1, date, end);
            warn++;
        }
    }
    /* a later set of the same parameter replaces an earlier edit */
    for (int id = 0; id < rb->n; id++) {
        const rb_timeline *tl = &rb->tl[id];
        for (int k = 0; k < tl->n; k++) {
            const rb_edit *a = &tl->e[k];
            for (int j = k + 1; j < tl->n; j++) {
                const rb_edit *b = &tl->e[j];
                if (b->lever == a->lever || (b->op != RB_SET && b->op != RB_BLEND) || param_get(s, id, &p)) continue;
                char da[16], db[16];
                policy_date_label(&s->levers[a->lever], da);
                policy_date_label(&s->levers[b->lever], db);
                if (b->from <= a->from)
                    fprintf(out, "warning: lever %d overrides lever %d on %s from the same date (%s): lever %d has no effect on it\n",
                            b->lever + 1, a->lever + 1, p.path, da, a->lever + 1);
                else
                    fprintf(out, "warning: lever %d (from %s) overrides what lever %d (from %s) does to %s\n",
                            b->lever + 1, db, a->lever + 1, da, p.path);
                warn++;
                break;
            }
        }
    }
    return warn;
}
