/* params.c: the scenario's numbers as named parameters (see params.h). */
#include "params.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "uncertain.h"
#include "workforce.h"

static const char *const wl_keys[WL_N] = { "community", "custody", "licence", "post_sentence_supervision", "licence_inactive" };

static int staff_base(const scenario_t *s) { return PG_N + s->ndisp * (PD_N + s->nreports); }
int param_points(const scenario_t *s, int type, int tier) { return staff_base(s) + (GR_N + 1) * PS_N + type * s->ntiers + tier; }
int param_report_points(const scenario_t *s, int r) { return param_points(s, WL_N, 0) + r; }
int param_other_work(const scenario_t *s, int i) { return param_report_points(s, s->nreports) + i; }
int param_prac(const scenario_t *s, int k) { return param_other_work(s, s->wf ? s->wf->nother : 0) + k; }
int param_work_type(const scenario_t *s, int i) { return param_prac(s, PP_N) + i; }
int param_count(const scenario_t *s)
{
    return s->wf && s->wf->prac.on ? param_work_type(s, s->wf->prac.ntypes) : param_other_work(s, s->wf ? s->wf->nother : 0);
}


static void set(param_info *p, const char *unit, double base, double lo, double hi, param_clock c, int in_file)
{
    p->unit = unit;
    p->base = base;
    p->lo = lo;
    p->hi = hi;
    p->clock = c;
    p->in_file = in_file;
    p->hazard = 0;
    p->scale = 0;
}

/* The practitioners' and SPOs' rule parameters (k from param_prac). */
static int prac_param(const scenario_t *s, int k, param_info *p)
{
    const prac_t *pr = &s->wf->prac;
    if (k >= PP_N) {
        snprintf(p->path, sizeof p->path, "workforce.practitioners.work_types.%s.points_factor", pr->type_name[k - PP_N]);
        set(p, "times the work type's points", 1, 0, 10, CLOCK_NOW, 0);
        return 0;
    }
    static const char *const names[PP_N] = {
        "practitioners.contracted_hours_only", "practitioners.paid_overtime_hours_per_week", "practitioners.overtime_cost_per_hour",
        "practitioners.worked_hours_per_week", "practitioners.spread_cv", "senior_probation_officer.practitioners_per_spo",
        "senior_probation_officer.attrition", "senior_probation_officer.extra_recruits_per_month",
        "senior_probation_officer.annual_cost", "senior_probation_officer.lost_capacity",
    };
    if (k >= PP_SPO_PER && !pr->has_spo) return -1;
    snprintf(p->path, sizeof p->path, "workforce.%s", names[k]);
    switch (k) {
    case PP_CONTRACTED_ONLY: set(p, "1 = contracted hours only, 0 = no", pr->contracted_only, 0, 1, CLOCK_NOW, 1); break;
    case PP_PAID_OVERTIME: set(p, "hours a week per FTE", pr->paid_overtime, 0, 40, CLOCK_NOW, 1); break;
    case PP_OVERTIME_COST: set(p, "GBP an hour", pr->overtime_cost, 0, 1e4, CLOCK_NOW, 1); break;
    case PP_WORKED_HOURS: set(p, "hours a week", pr->worked_hours, 1, 100, CLOCK_NOW, 1); break;
    case PP_SPREAD_CV: set(p, "coefficient of variation", pr->cv, 0, 3, CLOCK_NOW, 1); break;
    case PP_SPO_PER: set(p, "practitioners per SPO", pr->per_spo, 0.1, 1000, CLOCK_NOW, 1); break;
    case PP_SPO_ATTRITION: set(p, "share leaving a year", pr->spo.attrition, 0, 1, CLOCK_NOW, 1); break;
    case PP_SPO_EXTRA: set(p, "FTE a month", 0, 0, 1e5, CLOCK_NOW, 0); break;
    case PP_SPO_COST: set(p, "GBP a year per FTE", pr->spo.annual_cost, 0, 1e7, CLOCK_NOW, 1); break;
    default: set(p, "share of capacity", pr->lost_capacity, 0, 1, CLOCK_NOW, 1); break;
    }
    return 0;
}

int param_get(const scenario_t *s, int id, param_info *p)
{
    memset(p, 0, sizeof *p);
    if (id < 0 || id >= param_count(s)) return -1;
    if (id < PG_N) {
        static const char *const names[PG_N] = {
            "custody.recall.monthly_rate", "custody.recall.fixed_term_share", "custody.recall.fixed_term_days_short",
            "custody.recall.fixed_term_days_long", "custody.recall.standard_recall_days.mean",
            "custody.post_sentence_supervision.in_force", "custody.post_sentence_supervision.share_supervised",
            "custody.licence.active_fraction", "custody.home_detention_curfew.window_days",
            "custody.home_detention_curfew.take_up",
        };
        snprintf(p->path, sizeof p->path, "%s", names[id]);
        switch (id) {
        case PG_RECALL_RATE: set(p, "chance a month", s->recall_rate, 0, 1, CLOCK_NOW, 1); p->hazard = 1; break;
        case PG_FTR_SHARE: set(p, "share of recalls", s->ftr_share, 0, 1, CLOCK_NOW, 1); break;
        case PG_FTR_SHORT: set(p, "days", s->ftr_short, 0, 3650, CLOCK_NOW, 1); break;
        case PG_FTR_LONG: set(p, "days", s->ftr_long, 0, 3650, CLOCK_NOW, 1); break;
        case PG_STD_RECALL_MEAN: set(p, "days", s->std_recall.mean, 1e-9, 1e9, CLOCK_NOW, 1); break;
        case PG_PSS_IN_FORCE: set(p, "1 = in force, 0 = abolished", 1, 0, 1, CLOCK_RELEASE, 0); break;
        case PG_PSS_SHARE: set(p, "share of eligible releases", s->pss_share, 0, 1, CLOCK_RELEASE, 1); break;
        case PG_ACTIVE_FRACTION: set(p, "share of the licence", 1, 0, 1, CLOCK_RELEASE, 0); break;
        case PG_HDC_WINDOW:
            if (!s->hdc_on) return -1;
            set(p, "days", s->hdc_window, 0, 3650, CLOCK_SENTENCE, 1);
            break;
        case PG_HDC_TAKE_UP:
            if (!s->hdc_on) return -1;
            set(p, "share of those eligible", s->hdc_take_up, 0, 1, CLOCK_SENTENCE, 1);
            break;
        }
        return 0;
    }
    int k = id - PG_N;
    if (k < s->ndisp * PD_N) {
        int d = k / PD_N, f = k % PD_N;
        const disposal_t *dp = &s->disp[d];
        static const char *const names[PD_N] = { "annual_volume", "release_fraction", "reports.share", "revoked_to_custody",
                                                 "divert_share", "length_months.mean", "already_supervised", "already_in_custody",
                                                 "remand.share", "recall_factor", "completion_end.share",
                                                 "completion_end.at_fraction" };
        snprintf(p->path, sizeof p->path, "disposals.%s.%s", dp->name, names[f]);
        switch (f) {
        case PD_VOLUME: set(p, "sentences a year", dp->volume, 0, 1e7, CLOCK_SENTENCE, 1); break;
        case PD_RELEASE:
            if (dp->kind != KIND_CUSTODY) return -1;
            set(p, "share of the sentence served", dp->release_fraction, 0.01, 1, CLOCK_SENTENCE, 1);
            break;
        case PD_REPORT_SHARE: set(p, "share of sentences", dp->psr_share, 0, 1, CLOCK_SENTENCE, 1); break;
        case PD_REVOKED_TO_CUSTODY:
            if (dp->kind == KIND_CUSTODY) return -1;
            set(p, "share of revoked orders", dp->p_breach_custody, 0, 1, CLOCK_SENTENCE, 1);
            break;
        case PD_DIVERT_SHARE:
            if (dp->kind != KIND_CUSTODY) return -1;
            set(p, "share of covered sentences", 0, 0, 1, CLOCK_SENTENCE, 0);
            break;
        case PD_LENGTH_MEAN:
            /* an even spread has no mean to move; a custodial length moved
             * by a lever stays inside its band (the mean is that of the
             * length before it is cut to the band) */
            if (dp->length.kind == DIST_UNIFORM) return -1;
            if (dp->length.kind == DIST_FIXED) snprintf(p->path, sizeof p->path, "disposals.%s.length_months.value", dp->name);
            set(p, "months", dp->length.mean, 0.01 * DAYS_PER_MONTH, 1200 * DAYS_PER_MONTH, CLOCK_SENTENCE, 1);
            p->lo = 0.01;
            p->hi = 1200;
            p->scale = DAYS_PER_MONTH;
            break;
        case PD_ALREADY: set(p, "share of sentences", dp->already_supervised, 0, 1, CLOCK_SENTENCE, dp->already_supervised > 0); break;
        case PD_IN_CUSTODY:
            if (dp->kind != KIND_CUSTODY) return -1;
            set(p, "share of sentences", dp->already_in_custody, 0, 1, CLOCK_SENTENCE, dp->already_in_custody > 0);
            break;
        case PD_REMAND_SHARE:
            if (dp->kind != KIND_CUSTODY) return -1;
            set(p, "share of sentences", dp->remand_share, 0, 1, CLOCK_SENTENCE, dp->remand_share > 0);
            break;
        case PD_RECALL_FACTOR:
            if (dp->kind != KIND_CUSTODY) return -1;
            set(p, "times the recall rate", dp->recall_factor, 0, 100, CLOCK_NOW, dp->recall_factor != 1);
            break;
        case PD_DONE_SHARE: /* no such rule until a lever sets one (end_on_completion) */
            if (dp->kind == KIND_CUSTODY) return -1;
            set(p, "share of completing orders", 0, 0, 1, CLOCK_SENTENCE, 0);
            break;
        case PD_DONE_AT:
            if (dp->kind == KIND_CUSTODY) return -1;
            set(p, "share of the order's length", 1, 0.01, 1, CLOCK_SENTENCE, 0);
            break;
        }
        return 0;
    }
    k -= s->ndisp * PD_N;
    if (k < s->ndisp * s->nreports) {
        int d = k / s->nreports, r = k % s->nreports;
        snprintf(p->path, sizeof p->path, "disposals.%s.reports.mix.%s", s->disp[d].name, s->reports[r]);
        set(p, "share of reports", s->disp[d].psr_mix[r], 0, 1, CLOCK_SENTENCE, 1);
        return 0;
    }
    const workforce_t *w = s->wf;
    if (!w) return -1;
    k = id - staff_base(s);
    if (k < (GR_N + 1) * PS_N) {
        int g = k / PS_N, f = k % PS_N;
        const char *gn = g < GR_N ? grade_names[g] : "trainees";
        static const char *const names[PS_N] = { "attrition", "extra_recruits_per_month", "points_per_fte", "caseload_cap",
                                                 "reductions", "holding_share", "annual_cost" };
        const char *nm = g == GR_N && f == PS_EXTRA ? "intake_per_month" : names[f];
        snprintf(p->path, sizeof p->path, "workforce.%s.%s", gn, nm);
        if (g == GR_N) {
            if (f == PS_ATTRITION) set(p, "share leaving a year", w->tr_attrition, 0, 1, CLOCK_NOW, 1);
            else if (f == PS_EXTRA) set(p, "FTE a month", w->tr_intake, 0, 1e5, CLOCK_NOW, 1);
            else return -1;
            return 0;
        }
        const grade_t *gr = &w->grade[g];
        switch (f) {
        case PS_ATTRITION: set(p, "share leaving a year", gr->attrition, 0, 1, CLOCK_NOW, 1); break;
        case PS_EXTRA: set(p, "FTE a month", 0, 0, 1e5, CLOCK_NOW, 0); break;
        case PS_POINTS_PER_FTE: set(p, w->unit, gr->points_per_fte, 1e-6, 1e9, CLOCK_NOW, 1); break;
        case PS_CASELOAD_CAP: set(p, "cases per FTE, 0 = none", 0, 0, 1000, CLOCK_NOW, 0); break;
        case PS_REDUCTIONS: set(p, "share of capacity", gr->reductions, 0, 0.99, CLOCK_NOW, 1); break;
        case PS_HOLDING_SHARE: set(p, "share of FTE", gr->holding_share, 0, 1, CLOCK_NOW, 1); break;
        case PS_ANNUAL_COST: set(p, "GBP a year per FTE", gr->annual_cost, 0, 1e7, CLOCK_NOW, 1); break;
        }
        return 0;
    }
    k -= (GR_N + 1) * PS_N;
    if (k < WL_N * s->ntiers) {
        int ty = k / s->ntiers, t = k % s->ntiers;
        snprintf(p->path, sizeof p->path, "workforce.points.%s.%s", wl_keys[ty], s->tiers[t]);
        set(p, w->unit, w->points[ty][t], 0, 1e6, CLOCK_NOW, ty != WL_INACTIVE || w->points[ty][t] != 0);
        return 0;
    }
    k -= WL_N * s->ntiers;
    if (k < s->nreports) {
        snprintf(p->path, sizeof p->path, "workforce.report_points.%s", s->reports[k]);
        set(p, w->unit, w->report_points[k], 0, 1e6, CLOCK_NOW, 1);
        return 0;
    }
    k -= s->nreports;
    if (k >= w->nother) return prac_param(s, k - w->nother, p);
    snprintf(p->path, sizeof p->path, "workforce.other_work.%s.points", w->other_name[k]);
    set(p, w->other_flow[k] ? "points per unit of the flow" : "points a month", w->other_amount[k], 0, 1e9, CLOCK_NOW, 1);
    return 0;
}

int param_find(const scenario_t *s, const char *path)
{
    param_info p;
    for (int id = 0, n = param_count(s); id < n; id++)
        if (!param_get(s, id, &p) && !strcmp(p.path, path)) return id;
    return -1;
}

double param_to_model(const param_info *p, double v)
{
    if (p->scale) return v * p->scale;
    if (!p->hazard) return v;
    return v < 1 ? -log1p(-v) / DAYS_PER_MONTH : 1.0;
}

double param_from_model(const param_info *p, double v)
{
    if (p->scale) return v / p->scale;
    return p->hazard ? -expm1(-v * DAYS_PER_MONTH) : v;
}

double param_delta_to_model(const param_info *p, double v) { return p->scale ? v * p->scale : v; }

/* ---- the listing ------------------------------------------------------------ */

/* Lines of the files the tree came from, read once each. */
typedef struct {
    char *file;
    char **line;
    int n;
} src_file;
typedef struct {
    src_file f[16];
    int n;
} src_cache;

static const src_file *src_get(src_cache *c, const char *file)
{
    for (int i = 0; i < c->n; i++)
        if (!strcmp(c->f[i].file, file)) return &c->f[i];
    if (c->n == 16) return NULL;
    FILE *fp = fopen(file, "r");
    if (!fp) return NULL;
    src_file *s = &c->f[c->n++];
    memset(s, 0, sizeof *s);
    s->file = malloc(strlen(file) + 1);
    if (s->file) strcpy(s->file, file);
    char buf[4096];
    int cap = 0;
    while (fgets(buf, sizeof buf, fp)) {
        if (s->n == cap) {
            cap = cap ? 2 * cap : 256;
            char **l = realloc(s->line, (size_t)cap * sizeof *l);
            if (!l) break;
            s->line = l;
        }
        size_t n = strcspn(buf, "\r\n");
        buf[n] = 0;
        s->line[s->n] = malloc(n + 1);
        if (!s->line[s->n]) break;
        memcpy(s->line[s->n++], buf, n + 1);
    }
    fclose(fp);
    return s;
}

static void src_free(src_cache *c)
{
    for (int i = 0; i < c->n; i++) {
        for (int j = 0; j < c->f[i].n; j++) free(c->f[i].line[j]);
        free(c->f[i].line);
        free(c->f[i].file);
    }
}

/* The comment of a line at or after column `col` (1-based): the text after a
 * '#' that starts the line or follows a blank, outside quotes; NULL if none. */
static const char *line_comment(const char *ln, int col)
{
    char q = 0;
    for (int i = 0; ln[i]; i++) {
        char ch = ln[i];
        if (q) { if (ch == q) q = 0; continue; }
        if (i + 1 >= col && (ch == '"' || ch == '\'') && (i == 0 || ln[i - 1] == ' ' || ln[i - 1] == '{' || ln[i - 1] == '[')) { q = ch; continue; }
        if (ch == '#' && (i == 0 || ln[i - 1] == ' ' || ln[i - 1] == '\t') && i + 1 >= col) {
            const char *t = ln + i + 1;
            while (*t == ' ') t++;
            return t;
        }
    }
    return NULL;
}

static int is_comment_line(const char *ln)
{
    while (*ln == ' ') ln++;
    return *ln == '#';
}

/* A key with nothing after it but an anchor: `x-mix:` or `x-mix: &mix`. */
static int bare_key_line(const char *ln)
{
    if (is_comment_line(ln) || !strchr(ln, ':')) return 0;
    size_t n = strlen(ln);
    while (n && ln[n - 1] == ' ') n--;
    if (n && ln[n - 1] == ':') return 1;
    size_t k = n;
    while (k && ln[k - 1] != ' ') k--;
    return k < n && ln[k] == '&' && k >= 2 && ln[k - 2] == ':';
}

/* Source of a value at (line, col): the comment on its line; else, inside a
 * flow collection ({...} or [...]) spread over lines, the comment on the line
 * that closes it; else the block of comment lines just above (over one key
 * line such as `x-mix: &mix`); else NULL.  Written into buf. */
static const char *source_of(src_cache *c, const char *file, int line, int col, char *buf, size_t n)
{
    const src_file *f = src_get(c, file);
    if (!f || line < 1 || line > f->n) return NULL;
    const char *cm = line_comment(f->line[line - 1], col);
    if (!cm) {
        /* open brackets before the value on its line, then follow them */
        int depth = 0;
        const char *ln = f->line[line - 1];
        for (int i = 0; ln[i] && i < col - 1; i++) depth += (ln[i] == '{' || ln[i] == '[') - (ln[i] == '}' || ln[i] == ']');
        if (depth > 0) {
            for (int l = line; l <= f->n && !cm; l++) {
                const char *s = f->line[l - 1];
                int from = l == line ? col - 1 : 0;
                for (int i = from; s[i] && s[i] != '#'; i++) depth += (s[i] == '{' || s[i] == '[') - (s[i] == '}' || s[i] == ']');
                if (depth <= 0) { cm = line_comment(s, 1); break; }
            }
        }
    }
    if (cm) { snprintf(buf, n, "%s", cm); return buf; }
    int l = line - 1;
    if (l >= 1 && bare_key_line(f->line[l - 1])) l--;
    int top = l;
    while (top >= 1 && is_comment_line(f->line[top - 1])) top--;
    if (top == l) return NULL;
    size_t used = 0;
    buf[0] = 0;
    for (int k = top + 1; k <= l && used + 2 < n; k++) {
        const char *t = line_comment(f->line[k - 1], 1);
        if (!t || !*t) continue;
        used += (size_t)snprintf(buf + used, n - used, "%s%s", used ? " " : "", t);
        if (used >= n) used = n - 1;
    }
    return buf[0] ? buf : NULL;
}

/* Unit of a listed number, by its path (the file's units). */
static const char *unit_of(const scenario_t *s, const char *path)
{
    const char *leaf = strrchr(path, '.');
    leaf = leaf ? leaf + 1 : path;
    const char *wu = s->wf ? s->wf->unit : "points";
    static const struct { const char *part, *unit; } by_part[] = {
        { ".length_months.", "months" }, { ".custody_months.", "months" }, { ".band_months.", "months" },
        { ".standard_recall_days.", "days" }, { ".seasonality.", "factor (mean 1)" }, { ".tier_shares.", "share" },
        { ".outcomes.", "share" }, { ".mix.", "share" }, { "stock.warmup_years", "years" }, { "stock.", "people" },
        { "workforce.points.", NULL }, { "workforce.report_points.", NULL }, { "probation_officer_share.", "share" },
        { ".capacity_share.", "share of a PO's capacity" }, { ".other_work.", NULL },
        { ".remand.days.", "days" }, { ".licence_months.", "months" }, { ".work_types.", "share of the workload" },
    };
    for (size_t i = 0; i < sizeof by_part / sizeof by_part[0]; i++)
        if (strstr(path, by_part[i].part)) return by_part[i].unit ? by_part[i].unit : wu;
    static const struct { const char *leaf, *unit; } by_leaf[] = {
        { "annual_volume", "sentences a year" }, { "trend", "growth a year" }, { "release_fraction", "share of the sentence served" },
        { "early_termination_at", "share of the order" }, { "revoked_to_custody", "share of revoked orders" },
        { "share", "share" }, { "lead_days", "days" }, { "min_sentence_days", "days" }, { "max_sentence_months", "months" },
        { "supervision_months", "months" }, { "share_supervised", "share of eligible releases" },
        { "monthly_rate", "chance a month" }, { "fixed_term_share", "share of recalls" }, { "fixed_term_days_short", "days" },
        { "fixed_term_days_long", "days" }, { "threshold_months", "months" }, { "horizon_months", "months" },
        { "replications", "replications" }, { "seed", "-" }, { "start_month", "month" }, { "months", "months" },
        { "factor", "factor" }, { "from_fraction", "share of the order or licence" },
        { "probation_officer_share_of_other_work", "share" }, { "start_fte", "FTE" }, { "points_per_fte", NULL },
        { "reductions", "share of capacity" }, { "holding_share", "share of FTE" }, { "attrition", "share leaving a year" },
        { "annual_cost", "GBP a year per FTE" }, { "intake_per_month", "FTE a month" }, { "months_to_qualify", "months" },
        { "per_month", "FTE a month" }, { "target_fte", "FTE" }, { "lag_months", "months" },
        { "window_days", "days" }, { "min_days", "days" }, { "min_fraction", "share of the custodial part" },
        { "take_up", "share of those eligible" }, { "hdc_eligible", "share of sentences" },
        { "already_supervised", "share of sentences" }, { "already_in_custody", "share of sentences" },
        { "recall_factor", "times the recall rate" },
        { "spread_cv", "coefficient of variation" }, { "weekly_autocorrelation", "correlation" },
        { "contracted_hours_per_week", "hours a week" }, { "worked_hours_per_week", "hours a week" },
        { "paid_overtime_hours_per_week", "hours a week per FTE" }, { "overtime_cost_per_hour", "GBP an hour" },
        { "contracted_hours_only", "1 = yes, 0 = no" }, { "threshold_pct", "% of capacity" }, { "weeks", "weeks" },
        { "practitioners_per_spo", "practitioners per SPO" }, { "lost_capacity", "share of capacity" },
    };
    for (size_t i = 0; i < sizeof by_leaf / sizeof by_leaf[0]; i++)
        if (!strcmp(leaf, by_leaf[i].leaf)) return by_leaf[i].unit ? by_leaf[i].unit : wu;
    return "-";
}

static int is_number(const cnode *n)
{
    if (n->type != CN_SCALAR || n->quoted || !n->text[0]) return 0;
    char *end;
    strtod(n->text, &end);
    return *end == 0;
}

typedef struct {
    const scenario_t *s;
    FILE *out;
    src_cache cache;
    int count;
} lister;

/* A value without a comment of its own takes that of the collection it is
 * written in (e.g. the second line of a tier mix written as {...}). */
static void list_one(lister *L, const char *path, const cnode *n, const cnode *const *up, int nup)
{
    char src[1024], rng[400] = "";
    const char *so = source_of(&L->cache, n->file, n->line, n->col, src, sizeof src);
    for (int i = nup - 1; !so && i >= 0 && i >= nup - 2; i--)
        so = source_of(&L->cache, up[i]->file, up[i]->line, up[i]->col, src, sizeof src);
    int id = param_find(L->s, path);
    const char *text = n->text ? n->text : "?";
    for (int i = 0; i < L->s->nranges; i++) {
        const unc_range *r = &L->s->ranges[i];
        if (strcmp(r->path, path)) continue;
        snprintf(rng, sizeof rng, "[range %g to %g, %s%s%s] ", r->low, r->high,
                 r->dist == UNC_UNIFORM ? "uniform" : "triangular", !strncmp(r->key, "group:", 6) ? ", group " : "",
                 !strncmp(r->key, "group:", 6) ? r->label : "");
        char c[32];
        snprintf(c, sizeof c, "%g", r->central);
        fprintf(L->out, "%-62s %12s  %-30s %s %s%s\n", path, c, unit_of(L->s, path), "L", rng, so ? so : "(no comment)");
        L->count++;
        return;
    }
    fprintf(L->out, "%-62s %12s  %-30s %s %s\n", path, text, unit_of(L->s, path), id >= 0 ? "L" : " ",
            so ? so : "(no comment)");
    L->count++;
}

static void walk(lister *L, const cnode *n, const char *path, const cnode **up, int nup)
{
    char p[512];
    if (n->type == CN_SCALAR || unc_is_range(n)) {
        if (n->type != CN_SCALAR || is_number(n)) list_one(L, path, n, up, nup);
        return;
    }
    if (nup >= 64) return;
    up[nup++] = n;
    for (int i = 0; i < n->n; i++) {
        const cnode *k = n->kid[i];
        if (n->type == CN_MAP) {
            const char *key = n->key[i];
            if (!path[0] && (!strncmp(key, "x-", 2) || !strcmp(key, "policy") || !strcmp(key, "history"))) continue;
        }
        cn_child_path(n, i, path, p, sizeof p); /* list items by their name, if they have one */
        if (n->type == CN_MAP && !path[0] && !strcmp(n->key[i], "start_month")) { list_one(L, p, k, up, 0); continue; }
        walk(L, k, p, up, nup);
    }
}

int params_list(const scenario_t *s, const char *path, FILE *out, errlist_t *e)
{
    cnode *root = scenario_tree(path, e);
    if (!root) return -1;
    lister L = { .s = s, .out = out };
    fprintf(out, "Parameters of %s (%s)\n", s->name, path);
    fprintf(out, "L: a rule parameter, which a lever can change from a date ({set|multiply|add: PATH, value, from}),\n"
                 "   and which may be written as a range, {low, central, high} (each replication draws its own value).\n\n");
    fprintf(out, "%-62s %12s  %-30s %s %s\n", "parameter", "value", "unit", " ", "source (the comment in the file)");
    const cnode *up[64];
    walk(&L, root, "", up, 0);
    int extra = 0;
    param_info p;
    for (int id = 0, n = param_count(s); id < n; id++) {
        if (param_get(s, id, &p) || p.in_file) continue;
        if (!extra++) fprintf(out, "\nRule parameters not written in the file (their value without a lever):\n");
        fprintf(out, "%-62s %12g  %-30s L %s\n", p.path, param_from_model(&p, p.base), p.unit, "(default)");
    }
    fprintf(out, "\n%d numbers in the file, %d rule parameters with defaults.\n", L.count, extra);
    src_free(&L.cache);
    cn_free(root);
    return 0;
}
