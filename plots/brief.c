/* brief.c: `caseflow brief OUTDIR`: a briefing pack on A4 from the files a
 * run or a comparison left in OUTDIR (brief.h). */
#include "brief.h"

#include <cairo-pdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "cview.h"
#include "regions_compare.h"
#include "results.h"

#define PAGE_W 595.276
#define PAGE_H 841.89
#define MARGIN 50.0
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define BOTTOM (PAGE_H - MARGIN)
#define MAXLINES 200

typedef struct {
    cairo_t *cr;
    double y;
    int page;
    const char *made;
} page_t;

/* The whole of dir/name as a string (NULL if absent or over 4 MB). */
static char *slurp(const char *dir, const char *name)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    char *s = malloc(cap);
    for (;;) {
        if (!s) break;
        if (n + 1 >= cap) {
            if (cap > (4u << 20)) { free(s); s = NULL; break; }
            char *t = realloc(s, cap *= 2);
            if (!t) { free(s); s = NULL; break; }
            s = t;
        }
        size_t got = fread(s + n, 1, cap - n - 1, f);
        if (!got) break;
        n += got;
    }
    fclose(f);
    if (s) s[n] = 0;
    return s;
}

static void footer(page_t *p)
{
    cairo_t *cr = p->cr;
    chart_font(cr, 8, 0);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    char buf[160];
    snprintf(buf, sizeof buf, "caseflow %s briefing, made %s; page %d", CASEFLOW_VERSION, p->made, p->page);
    chart_text(cr, MARGIN, PAGE_H - 25, buf, 0);
}

static void new_page(page_t *p)
{
    footer(p);
    cairo_show_page(p->cr);
    p->page++;
    p->y = MARGIN;
}

/* Room for h more points on this page, else a new page. */
static void need(page_t *p, double h)
{
    if (p->y + h > BOTTOM) new_page(p);
}

static void font(page_t *p, double size, int bold, int mono)
{
    if (mono) {
        cairo_select_font_face(p->cr, "DejaVu Sans Mono", CAIRO_FONT_SLANT_NORMAL,
                               bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
        cairo_set_font_size(p->cr, size);
    } else
        chart_font(p->cr, size, bold);
}

/* A paragraph wrapped to the text width at word boundaries. */
static void para(page_t *p, const char *text, double size, int bold, int mono, double indent)
{
    static char lines[MAXLINES][CHART_WRAP_LEN];
    char *flat = malloc(strlen(text) + 1); /* line ends become spaces */
    if (!flat) return;
    strcpy(flat, text);
    for (char *q = flat; *q; q++)
        if (*q == '\n' || *q == '\r' || *q == '\t') *q = ' ';
    font(p, size, bold, mono);
    cairo_set_source_rgb(p->cr, 0.1, 0.1, 0.1);
    int n = chart_wrap(p->cr, flat, TEXT_W - indent, MAXLINES, lines);
    free(flat);
    for (int i = 0; i < n; i++) {
        need(p, size * 1.3);
        font(p, size, bold, mono);
        cairo_set_source_rgb(p->cr, 0.1, 0.1, 0.1);
        p->y += size * 1.3;
        chart_text(p->cr, MARGIN + indent, p->y, lines[i], 0);
    }
}

static void heading(page_t *p, const char *text)
{
    need(p, 60);
    p->y += 10;
    para(p, text, 14, 1, 0, 0);
    p->y += 4;
}

/* One line of a preformatted block at the cursor. */
static void pre_line(page_t *p, double size, const char *line, size_t n)
{
    char buf[1024];
    if (n >= sizeof buf) n = sizeof buf - 1;
    memcpy(buf, line, n);
    buf[n] = 0;
    need(p, size * 1.25);
    font(p, size, 0, 1);
    cairo_set_source_rgb(p->cr, 0.1, 0.1, 0.1);
    p->y += size * 1.25;
    if (*buf) chart_text(p->cr, MARGIN, p->y, buf, 0);
}

/* A block of preformatted lines (tables) in a monospaced font that fits
 * the widest line into the text width, but never under PRE_MIN_PT: a line
 * wider than that (a sentence naming many regions) wraps at a space, its
 * rest indented under it, rather than shrinking the whole table to a size
 * nobody can read (a decision table came out at 2.5 pt). */
#define PRE_MIN_PT 7.0
static void pre(page_t *p, const char *text)
{
    size_t widest = 1;
    for (const char *s = text; *s;) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n > widest) widest = n;
        s += n + (e ? 1 : 0);
    }
    double size = fmax(PRE_MIN_PT, fmin(9, TEXT_W / (0.602 * (double)widest)));
    /* above the minimum the size was chosen so the widest line fits: no
     * rounding of the width back may wrap it */
    size_t fits = size > PRE_MIN_PT ? widest : (size_t)(TEXT_W / (0.602 * size));
    for (const char *s = text; *s;) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s), lead = strspn(s, " "), indent = 0;
        const char *q = s;
        s += n + (e ? 1 : 0);
        while (indent + n > fits) {
            size_t room = fits - indent, cut = room;
            while (cut > lead + 1 && q[cut] != ' ') cut--;
            if (cut <= lead + 1) cut = room; /* no space to break at: cut the word */
            char buf[1024];
            snprintf(buf, sizeof buf, "%*s%.*s", (int)indent, "", (int)cut, q);
            pre_line(p, size, buf, strlen(buf));
            q += cut;
            n -= cut;
            while (n && *q == ' ') { q++; n--; }
            indent = lead + 4 < fits / 2 ? lead + 4 : 0;
        }
        char buf[1024];
        snprintf(buf, sizeof buf, "%*s%.*s", (int)indent, "", (int)n, q);
        pre_line(p, size, buf, strlen(buf));
    }
}

/* ---- page 1 ------------------------------------------------------------------ */

/* The headline of a comparison: the introduction, then for each option the
 * group of lines at 24 months after it starts (else the last group). */
static void headline_part(page_t *p, const char *h)
{
    const char *dec = strstr(h, "\nDecision table");
    size_t len = dec ? (size_t)(dec - h) : strlen(h);
    char *t = malloc(len + 1);
    if (!t) return;
    memcpy(t, h, len);
    t[len] = 0;
    /* the introduction: up to the first blank line */
    char *blank = strstr(t, "\n\n");
    if (blank) *blank = 0;
    for (char *l = strtok(t, "\n"); l; l = strtok(NULL, "\n")) para(p, l, 9, 0, 0, 0);
    if (!blank) { free(t); return; }
    char *rest = blank + 2;
    /* option blocks, separated by blank lines */
    while (rest && *rest) {
        char *next = strstr(rest, "\n\n");
        if (next) *next = 0;
        char *name = rest, *nl = strchr(rest, '\n');
        if (nl) *nl = 0;
        p->y += 6;
        para(p, name, 10, 1, 0, 0);
        /* groups start with "  By the end of" */
        char *body = nl ? nl + 1 : NULL, *pick = NULL, *last = NULL;
        /* a note under the option's name (compare's: not built on the
         * base) comes before its groups: kept, as one paragraph */
        if (body && !strncmp(body, "  NOTE:", 7)) {
            char *g0 = strstr(body, "  By the end of");
            size_t n = g0 ? (size_t)(g0 - body) : strlen(body), k = 0;
            char *note = malloc(n + 1);
            if (note) {
                for (size_t i = 0; i < n; i++) {
                    char ch = body[i] == '\n' ? ' ' : body[i];
                    if (ch == ' ' && (k == 0 || note[k - 1] == ' ')) continue;  /* no leading or double spaces */
                    note[k++] = ch;
                }
                while (k > 0 && note[k - 1] == ' ') k--;
                note[k] = 0;
                para(p, note, 9, 1, 0, 0);
                free(note);
            }
        }
        for (char *g = body ? strstr(body, "  By the end of") : NULL; g; g = strstr(g + 1, "  By the end of")) {
            last = g;
            char *eol = strchr(g, '\n');
            if (eol) *eol = 0;
            if (!pick && strstr(g, "(24 months")) pick = g;
            if (eol) *eol = '\n';
        }
        if (!pick) pick = last;
        if (pick) {
            char *end = strstr(pick + 1, "  By the end of");
            if (end) end[-1] = 0;
            for (char *l = strtok(pick, "\n"); l; l = strtok(NULL, "\n")) {
                while (*l == ' ') l++;
                para(p, l, 9, 0, 0, 10);
            }
        }
        rest = next ? next + 2 : NULL;
    }
    free(t);
}

/* ---- charts ------------------------------------------------------------------ */

typedef struct { const char *name, *caption; } fig_t;
static const fig_t figs[] = {
    { "difference", "Change in the probation caseload from each option (paired difference, 90% interval)" },
    { "capacity_compare", "Workload against capacity under each option, with the 100% and 110% lines" },
    { "staffing_compare", "Staff needed against staff available under each option" },
    { "gap_difference", "Change in the staff gap (FTE) from each option, with its 90% interval" },
    { "gap_cost_difference", "Change in the yearly cost of the staff gap (GBP million) from each option, with its 90% interval" },
    { "caseload_compare", "Probation caseload under each scenario" },
    { "caseload", "Probation caseload, median and 90% interval, with published figures" },
    { "caseload_by_type", "Caseload by supervision type" },
    { "staffing", "Staff needed against staff available" },
    { "capacity", "Workload against capacity, with the 100% and 110% lines" },
    { "flows", "Monthly flows: starts by disposal, and recalls" },
    { NULL, NULL },
};

/* Figure num from dir/NAME.png at the text width, with its caption and alt
 * text, on a fresh page unless `here` (then where the page has got to). */
static int figure_at(page_t *p, const char *dir, const fig_t *fg, int num, int here)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/%s.png", dir, fg->name);
    cairo_surface_t *img = cairo_image_surface_create_from_png(path);
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) { cairo_surface_destroy(img); return 0; }
    double w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
    double scale = TEXT_W / w;
    if (here) need(p, h * scale + 40);
    else if (p->y > MARGIN + 1) new_page(p);
    char cap[300];
    snprintf(cap, sizeof cap, "Figure %d. %s", num, fg->caption);
    para(p, cap, 11, 1, 0, 0);
    p->y += 6;
    cairo_save(p->cr);
    cairo_translate(p->cr, MARGIN, p->y);
    cairo_scale(p->cr, scale, scale);
    cairo_set_source_surface(p->cr, img, 0, 0);
    cairo_paint(p->cr);
    cairo_restore(p->cr);
    cairo_surface_destroy(img);
    p->y += h * scale + 8;
    char alt[300];
    snprintf(alt, sizeof alt, "%s.txt", fg->name);
    char *a = slurp(dir, alt);
    if (a) {
        para(p, "Alt text (what the chart shows, in words):", 9, 1, 0, 0);
        para(p, a, 9, 0, 0, 0);
        free(a);
    }
    return 1;
}

static int figure(page_t *p, const char *dir, const fig_t *fg, int num) { return figure_at(p, dir, fg, num, 0); }

/* ---- which regions are full ---------------------------------------------------- */

/* "38,730" or "-" */
static void cell_num(char *buf, size_t n, double v)
{
    if (!isfinite(v)) snprintf(buf, n, "-");
    else chart_format(buf, n, v, 0);
}

/* The table of the options read at row k (those with cview_finding_row k):
 * each region's people and capacity used in the base and with each. */
static void regions_table(page_t *p, const cview_t *v, int k, const int *opt, int nopt)
{
    char mon[32], line[1024], a[32], b[32];
    chart_month_label(v->start + k, 0, mon, sizeof mon);
    int lw = 6, cw = 18;
    for (int r = 0; r < v->nreg; r++) lw = (int)fmax(lw, (double)strlen(v->rlabel[r]));
    for (int i = 0; i < nopt; i++) cw = (int)fmax(cw, fmin(40, (double)strlen(v->stem[opt[i]])));
    size_t cap = (size_t)(lw + (nopt + 1) * (cw + 2) + 8) * (size_t)(v->nreg + 6) + 256;
    char *t = malloc(cap);
    if (!t) return;
    size_t u = 0;
#define ADD(...) do { if (u < cap) u += (size_t)snprintf(t + u, cap - u, __VA_ARGS__); } while (0)
    ADD("%-*s  %*s", lw, "Region", cw, "base");
    for (int i = 0; i < nopt; i++) ADD("  %*.*s", cw, cw, v->stem[opt[i]]);
    ADD("\n%-*s  %*s", lw, "", cw, "people  capacity");
    for (int i = 0; i < nopt; i++) ADD("  %*s", cw, "people  capacity");
    ADD("\n");
    int over[1 + 64] = { 0 }, star = 0;
    for (int r = 0; r < v->nreg; r++) {
        cell_num(a, sizeof a, ptable_row(v->rlev[0], CV_RCASE(r), ST_P50)[k]);
        rcompare_pct(b, sizeof b, ptable_row(v->rlev[0], CV_RCAP(r), ST_P50)[k]);
        /* capacity at a fixed width (109.7% and 115% alike), so the
         * people column stays in line */
        snprintf(line, sizeof line, "%s  %6s ", a, b);
        ADD("%-*s  %*s", lw, v->rlabel[r], cw, line);
        over[0] += ptable_row(v->rlev[0], CV_RCAP(r), ST_P50)[k] > 110;
        for (int i = 0; i < nopt; i++) {
            int q = opt[i], x = rcompare_cross(v, q, r);
            cell_num(a, sizeof a, ptable_row(v->rlev[q], CV_RCASE(r), ST_P50)[k]);
            rcompare_pct(b, sizeof b, ptable_row(v->rlev[q], CV_RCAP(r), ST_P50)[k]);
            snprintf(line, sizeof line, "%s  %6s%s", a, b, x ? "*" : " ");
            ADD("  %*s", cw, line);
            over[1 + i] += ptable_row(v->rlev[q], CV_RCAP(r), ST_P50)[k] > 110;
            star |= x != 0;
        }
        ADD("\n");
    }
    snprintf(line, sizeof line, "%d of %d ", over[0], v->nreg);
    ADD("%-*s  %*s", lw, "Over 110%", cw, line);
    for (int i = 0; i < nopt; i++) {
        snprintf(line, sizeof line, "%d of %d ", over[1 + i], v->nreg);
        ADD("  %*s", cw, line);
    }
    ADD("\n");
#undef ADD
    p->y += 4;
    snprintf(line, sizeof line, "People under supervision and workload as %% of capacity, %s (medians)", mon);
    para(p, line, 9, 1, 0, 0);
    p->y += 2;
    pre(p, t);
    free(t);
    if (star) para(p, "* on the other side of 110% from the base in that month.", 8, 0, 0, 0);
}

/* A comparison with regions: the regional chart and, for each month the
 * options are read at, the table.  Nothing for a run or without regions. */
static int regions_page(page_t *p, const char *dir, int num)
{
    errlist_t e;
    errlist_init(&e);
    cview_t *v = cview_read(dir, &e);
    errlist_clear(&e);
    if (!v || !rcompare_has(v)) { cview_free(v); return 0; }
    new_page(p);
    heading(p, "Which regions are full");
    para(p, "Where each option's change in the caseload lands, region by region, and whether it moves a region across 110% of "
            "capacity (the Workload Management Tool's excessive-workload line): each option is read 24 months after it starts "
            "(at the horizon if that is sooner), the month the headline's regional lines use. The headline also says which "
            "regions are over 110% with an option and not in the base, or the other way round, for three months running, and from when.", 9, 0, 0, 0);
    int *opt = malloc((size_t)v->n * sizeof *opt);
    char *done = calloc((size_t)v->n, 1);
    for (int q = 1; opt && done && q < v->n; q++) {
        if (done[q]) continue;
        int k = cview_finding_row(v, q), n = 0;
        for (int j = q; j < v->n; j++)
            if (!done[j] && cview_finding_row(v, j) == k) { opt[n++] = j; done[j] = 1; }
        regions_table(p, v, k, opt, n);
    }
    if (v->n > 2 || strlen(v->stem[1]) > 18) {
        p->y += 4;
        for (int q = 0; q < v->n; q++) {
            char buf[600];
            snprintf(buf, sizeof buf, "%s: %s%s", v->stem[q], v->name[q], q ? "" : " (base)");
            para(p, buf, 8, 0, 0, 0);
        }
    }
    free(opt);
    free(done);
    p->y += 8;
    const fig_t fg = { "regions_change", "Change in each region's caseload from each option, and its workload against capacity" };
    int drawn = figure_at(p, dir, &fg, num, 1);
    cview_free(v);
    return drawn;
}

/* ---- assumptions register ------------------------------------------------------ */

typedef struct { char path[400], value[400], unit[400]; const char *source; } prow_t;

/* Splits a params.txt line at the header's columns; 0 if not a parameter row. */
static int prow(char *line, int col_unit, int col_src, prow_t *r)
{
    size_t n = strlen(line);
    if ((int)n <= col_src || line[0] == ' ') return 0;
    char head[400];
    snprintf(head, sizeof head, "%.*s", col_unit, line);
    char *sp = strchr(head, ' ');
    if (!sp) return 0;
    *sp = 0;
    snprintf(r->path, sizeof r->path, "%s", head);
    char *v = sp + 1;
    while (*v == ' ') v++;
    char *ve = v + strlen(v);
    while (ve > v && ve[-1] == ' ') *--ve = 0;
    snprintf(r->value, sizeof r->value, "%s", v);
    snprintf(r->unit, sizeof r->unit, "%.*s", col_src - col_unit, line + col_unit);
    char *ue = r->unit + strlen(r->unit);
    while (ue > r->unit && ue[-1] == ' ') *--ue = 0;
    const char *s = line + col_src;
    if (s[0] == 'L' && s[1] == ' ') s += 2; /* a rule parameter (a lever can change it) */
    while (*s == ' ') s++;
    r->source = s;
    return 1;
}

/* The rows of dir/name, in *rows (caller frees *rows and *text). */
static int read_params(const char *dir, const char *name, prow_t **rows, char **text)
{
    *rows = NULL;
    *text = slurp(dir, name);
    if (!*text) return 0;
    char *hdr = strstr(*text, "\nparameter ");
    if (!hdr) return 0;
    hdr++;
    char *eol = strchr(hdr, '\n');
    if (!eol) return 0;
    *eol = 0;
    char *u = strstr(hdr, "  unit"), *s = strstr(hdr, "source");
    if (!u || !s) return 0;
    int col_unit = (int)(u - hdr) + 2, col_src = (int)(s - hdr);
    int cap = 64, n = 0;
    *rows = malloc((size_t)cap * sizeof **rows);
    for (char *l = strtok(eol + 1, "\n"); l && *rows; l = strtok(NULL, "\n")) {
        if (n == cap) {
            prow_t *t = realloc(*rows, (size_t)(cap *= 2) * sizeof *t);
            if (!t) break;
            *rows = t;
        }
        if (prow(l, col_unit, col_src, &(*rows)[n])) n++;
    }
    return *rows ? n : 0;
}

static void register_row(page_t *p, const prow_t *r, const char *why)
{
    char buf[4000];
    snprintf(buf, sizeof buf, "%s = %s %s%s%s. Source: %s", r->path, r->value, r->unit, why ? " " : "", why ? why : "",
             *r->source && strcmp(r->source, "\"") ? r->source : "(the comment above it in the file)");
    para(p, buf, 7.5, 0, 0, 8);
    p->y += 2;
}

/* Levers in force, from a check listing. */
static void levers_from_check(page_t *p, const char *dir, const char *name)
{
    char *c = slurp(dir, name);
    if (!c) return;
    char *at = strstr(c, "Levers in force");
    if (at) {
        char *end = strstr(at, "\nWork:");
        if (end) *end = 0;
        pre(p, at);
    } else
        para(p, "No policy levers.", 9, 0, 0, 8);
    free(c);
}

static void assumptions(page_t *p, const char *dir, char **stems, int nstem)
{
    new_page(p);
    heading(p, "Assumptions register");
    para(p, "Every parameter marked ASSUMPTION in the scenario's comments, with its value and source, then every parameter an "
            "option changes and the policy levers in force, each with the file it comes from. The full listing of every "
            "parameter is params*.txt in the output folder; the scenario as it ran is scenario*.yaml.", 9, 0, 0, 0);
    prow_t *base = NULL;
    char *btext = NULL, name[300];
    snprintf(name, sizeof name, nstem ? "params-%s.txt" : "params.txt", nstem ? stems[0] : "");
    int nb = read_params(dir, name, &base, &btext);
    p->y += 4;
    para(p, nstem ? "Marked ASSUMPTION in the base scenario:" : "Marked ASSUMPTION:", 10, 1, 0, 0);
    int shown = 0;
    for (int i = 0; i < nb; i++)
        if (strstr(base[i].source, "ASSUMPTION")) { register_row(p, &base[i], NULL); shown++; }
    if (!shown) para(p, "None.", 9, 0, 0, 8);
    snprintf(name, sizeof name, nstem ? "check-%s.txt" : "check.txt", nstem ? stems[0] : "");
    p->y += 4;
    para(p, nstem ? "Policy levers of the base:" : "Policy levers:", 10, 1, 0, 0);
    levers_from_check(p, dir, name);
    for (int k = 1; k < nstem; k++) {
        prow_t *o = NULL;
        char *otext = NULL;
        snprintf(name, sizeof name, "params-%s.txt", stems[k]);
        int no = read_params(dir, name, &o, &otext);
        p->y += 6;
        snprintf(name, sizeof name, "Option %s: what differs from the base", stems[k]);
        para(p, name, 10, 1, 0, 0);
        int diff = 0;
        for (int i = 0; i < no; i++) {
            int j = 0;
            while (j < nb && strcmp(base[j].path, o[i].path)) j++;
            if (j < nb && !strcmp(base[j].value, o[i].value)) continue;
            char why[500];
            snprintf(why, sizeof why, "(base: %s)", j < nb ? base[j].value : "not set");
            register_row(p, &o[i], why);
            diff++;
        }
        if (!diff) para(p, "No parameter differs; the option works through its levers.", 9, 0, 0, 8);
        snprintf(name, sizeof name, "check-%s.txt", stems[k]);
        levers_from_check(p, dir, name);
        free(o);
        free(otext);
    }
    free(base);
    free(btext);
}

/* Scenario stems of a comparison, from headline.csv's first column order in
 * decision.csv (base first).  Returns how many (0 for a run). */
static int stems_of(const char *dir, char ***out)
{
    *out = NULL;
    char *d = slurp(dir, "decision.csv");
    if (!d) return 0;
    int n = 0;
    char **s = calloc(64, sizeof *s);
    char *l = strchr(d, '\n');
    while (s && l && l[1] && n < 64) {
        l++;
        char *comma = strchr(l, ','), *eol = strchr(l, '\n');
        if (!comma) break;
        s[n] = malloc((size_t)(comma - l) + 1);
        if (!s[n]) break;
        memcpy(s[n], l, (size_t)(comma - l));
        s[n][comma - l] = 0;
        n++;
        l = eol;
    }
    free(d);
    *out = s;
    return n;
}

/* ---- the pack ------------------------------------------------------------------ */

static cairo_status_t to_file(void *closure, const unsigned char *data, unsigned int len)
{
    return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

int brief_write(FILE *f, const void *ctx)
{
    const brief_t *b = ctx;
    const char *dir = b->dir;
    char date[32];
    snprintf(date, sizeof date, "%sT00:00:00Z", b->made);
    cairo_surface_t *sf = cairo_pdf_surface_create_for_stream(to_file, f, PAGE_W, PAGE_H);
    cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_TITLE, "caseflow briefing");
    cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATOR, "caseflow " CASEFLOW_VERSION);
    cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_MOD_DATE, date);
    cairo_t *cr = cairo_create(sf);
    page_t p = { cr, MARGIN, 1, b->made };
    char **stems = NULL;
    int nstem = stems_of(dir, &stems);
    char *head = slurp(dir, nstem ? "headline.txt" : "summary.txt");

    para(&p, nstem ? "Briefing: policy options for probation caseload and staff, England and Wales"
                   : "Briefing: probation caseload and staff projection, England and Wales", 16, 1, 0, 0);
    p.y += 4;
    heading(&p, "Headline");
    if (!head) para(&p, "(no headline.txt or summary.txt in the folder)", 9, 0, 0, 0);
    else if (nstem) headline_part(&p, head);
    else pre(&p, head);
    if (nstem && head) {
        const char *dec = strstr(head, "Decision table");
        heading(&p, "Decision table");
        if (dec) pre(&p, dec);
    }
    int num = 1;
    for (const fig_t *fg = figs; fg->name; fg++) num += figure(&p, dir, fg, num);
    if (nstem) num += regions_page(&p, dir, num);
    assumptions(&p, dir, stems, nstem);
    char *made = slurp(dir, "made.txt");
    heading(&p, "How the numbers were made");
    para(&p, "caseflow is a discrete-event simulation of people under probation supervision; each figure is the median of the "
             "replications (the same seed gives the same numbers, whatever the number of threads), and intervals run from the 5th "
             "to the 95th percentile. A comparison runs every scenario with the same random numbers (paired replications).",
         9, 0, 0, 0);
    p.y += 4;
    if (made) pre(&p, made);
    else para(&p, "(no made.txt in the folder)", 9, 0, 0, 0);
    footer(&p);
    cairo_show_page(cr);
    free(made);
    free(head);
    for (int i = 0; i < nstem; i++) free(stems[i]);
    free(stems);
    int rc = cairo_status(cr) != CAIRO_STATUS_SUCCESS;
    cairo_destroy(cr);
    cairo_surface_finish(sf);
    rc |= cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(sf);
    return rc || ferror(f) ? -1 : 0;
}
