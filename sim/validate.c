/* validate.c: published figures and targets read strictly, the backcast
 * compared with them, and the comparison written out (see validate.h). */
#include "validate.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "numfmt.h"

const char *const validate_kind_names[2] = { "stock", "quarter" };
const char *const validate_period_names[3] = { "start", "fit", "held-out" };

static const char PUB_HEADER[] = "series,date,value,unit,source,note";
static const char TGT_HEADER[] = "published_series,model_expression,kind,tolerance_pct,held_out_after,label,note";

static char *dupstr(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

/* ---- reading lines and fields ------------------------------------------------ */

typedef struct {
    FILE *f;
    const char *path;
    long bytes;
    int ln;
} rd_t;

/* Opens a regular file of at most VALIDATE_MAX_BYTES (O_NONBLOCK, so a FIFO
 * named as a file cannot hang the command). */
static FILE *rd_open(const char *path, errlist_t *e)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) {
        errlist_add(e, path, 0, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
        errlist_add(e, path, 0, 0, "not a regular file (expected a CSV file)");
        close(fd);
        return NULL;
    }
    if (st.st_size > VALIDATE_MAX_BYTES) {
        errlist_add(e, path, 0, 0, "%lld bytes (expected at most %ld)", (long long)st.st_size, VALIDATE_MAX_BYTES);
        close(fd);
        return NULL;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        errlist_add(e, path, 0, 0, "cannot read: %s", strerror(errno));
        close(fd);
    }
    return f;
}

/* The next line into buf, without its newline (and a '\r' before it).
 * 1 for a line, 0 at the end, -1 after a message: a NUL byte, a line of
 * VALIDATE_MAX_LINE bytes or more, a file grown past its bound. */
static int rd_line(rd_t *in, char buf[VALIDATE_MAX_LINE + 1], errlist_t *e)
{
    int c, n = 0;
    in->ln++;
    while ((c = getc(in->f)) != EOF && c != '\n') {
        if (++in->bytes > VALIDATE_MAX_BYTES) {
            errlist_add(e, in->path, in->ln, n + 1, "the file grew past %ld bytes while being read", VALIDATE_MAX_BYTES);
            return -1;
        }
        if (c == 0) {
            errlist_add(e, in->path, in->ln, n + 1, "NUL byte (expected text)");
            return -1;
        }
        if (n == VALIDATE_MAX_LINE) {
            errlist_add(e, in->path, in->ln, n + 1, "line is longer than %d bytes", VALIDATE_MAX_LINE);
            return -1;
        }
        buf[n++] = (char)c;
    }
    if (c == EOF && n == 0) {
        if (ferror(in->f)) {
            errlist_add(e, in->path, 0, 0, "cannot read: %s", strerror(errno));
            return -1;
        }
        return 0;
    }
    if (c == '\n') in->bytes++;
    if (n > 0 && buf[n - 1] == '\r') n--;
    buf[n] = 0;
    return 1;
}

#define MAX_FIELDS 7
typedef struct {
    int n;
    char *s[MAX_FIELDS];
    int col[MAX_FIELDS];   /* 1-based byte column where the field starts */
} fields_t;

/* Splits a CSV line into exactly `want` fields, unquoting "..." fields
 * ("" is a quote) into out (at least as long as line).  A quoted field
 * ends on its line.  0, or -1 with a message at the column at fault. */
static int split(const rd_t *in, const char *line, char *out, fields_t *fl, int want, const char *header,
                 errlist_t *e)
{
    const char *p = line;
    char *o = out;
    fl->n = 0;
    for (;;) {
        int col = (int)(p - line) + 1;
        if (fl->n == want) {
            errlist_add(e, in->path, in->ln, col - 1, "more than %d fields (expected %s)", want, header);
            return -1;
        }
        fl->s[fl->n] = o;
        fl->col[fl->n] = col;
        fl->n++;
        if (*p == '"') {
            p++;
            fl->col[fl->n - 1] = col + 1; /* messages point at the text, not the quote */
            for (;;) {
                if (!*p) {
                    errlist_add(e, in->path, in->ln, col, "a quoted field is not closed on its line (expected a closing \")");
                    return -1;
                }
                if (*p == '"' && p[1] == '"') { *o++ = '"'; p += 2; continue; }
                if (*p == '"') { p++; break; }
                if ((unsigned char)*p < 32 && *p != '\t') {
                    errlist_add(e, in->path, in->ln, (int)(p - line) + 1, "control character (expected text)");
                    return -1;
                }
                *o++ = *p++;
            }
            if (*p && *p != ',') {
                errlist_add(e, in->path, in->ln, (int)(p - line) + 1,
                            "text after a closing quote (expected a comma or the end of the line)");
                return -1;
            }
        } else {
            for (; *p && *p != ','; p++) {
                if (*p == '"') {
                    errlist_add(e, in->path, in->ln, (int)(p - line) + 1,
                                "a quote inside an unquoted field (expected the whole field in quotes, with \"\" for a quote)");
                    return -1;
                }
                if ((unsigned char)*p < 32 && *p != '\t') {
                    errlist_add(e, in->path, in->ln, (int)(p - line) + 1, "control character (expected text)");
                    return -1;
                }
                *o++ = *p;
            }
        }
        *o++ = 0;
        if (!*p) break;
        p++; /* the comma */
    }
    if (fl->n < want) {
        errlist_add(e, in->path, in->ln, (int)strlen(line) + 1, "the row ends after %d field%s (expected %d: %s)", fl->n,
                    fl->n == 1 ? "" : "s", want, header);
        return -1;
    }
    return 0;
}


/* Reads a CSV table: the header must be `header`; every row that is not
 * blank is split into nfield fields and given to row(ctx, ...), which
 * returns 0 or -1 after a message.  path is also the name in messages.
 * 0, or -1 with a message. */
static int read_table(const char *path, const char *header, int nfield,
                      int (*row)(void *, const rd_t *, const fields_t *, errlist_t *), void *ctx, errlist_t *e)
{
    char *line = malloc(VALIDATE_MAX_LINE + 1), *out = malloc(VALIDATE_MAX_LINE + 1);
    FILE *f = NULL;
    int rc = -1, r;
    if (!line || !out) { errlist_add(e, path, 0, 0, "out of memory"); goto done; }
    if (!(f = rd_open(path, e))) goto done;
    rd_t in = { f, path, 0, 0 };
    if ((r = rd_line(&in, line, e)) == 0) errlist_add(e, path, 0, 0, "empty file (expected a header: %s)", header);
    else if (r > 0 && strcmp(line, header)) errlist_add(e, path, 1, 1, "unexpected header (expected %s)", header);
    if (r <= 0 || strcmp(line, header)) goto done;
    while ((r = rd_line(&in, line, e)) > 0) {
        if (!line[0]) continue;
        fields_t fl;
        if (split(&in, line, out, &fl, nfield, header, e) || row(ctx, &in, &fl, e)) goto done;
    }
    rc = r < 0 ? -1 : 0;
done:
    if (f) fclose(f);
    free(line);
    free(out);
    return rc;
}

/* A series name: 1 to VALIDATE_MAX_NAME bytes of letters, digits, '_', '.', '-'. */
static int check_name(const rd_t *in, const char *s, int col, const char *what, errlist_t *e)
{
    char b[48];
    size_t n = strlen(s);
    int ok = n >= 1 && n <= VALIDATE_MAX_NAME;
    for (size_t i = 0; ok && i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
            ok = 0;
    }
    if (!ok) {
        errlist_add(e, in->path, in->ln, col, "'%s' is not a %s (expected 1 to %d letters, digits, '_', '.' or '-')",
                    fmt_shown(s, b), what, VALIDATE_MAX_NAME);
        return -1;
    }
    return 0;
}

static int days_in(int y, int m)
{
    static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : d[m - 1];
}

/* "YYYY-MM-DD", 1900 <= YYYY <= 2200, a real day.  *out = YYYYMMDD. */
static int parse_date(const rd_t *in, const char *s, int col, int *out, errlist_t *e)
{
    char b[48];
    int ok = strlen(s) == 10 && s[4] == '-' && s[7] == '-';
    for (int i = 0; ok && i < 10; i++)
        if (i != 4 && i != 7 && !(s[i] >= '0' && s[i] <= '9')) ok = 0;
    if (!ok) {
        errlist_add(e, in->path, in->ln, col, "'%s' is not a date (expected YYYY-MM-DD, e.g. 2024-06-30)", fmt_shown(s, b));
        return -1;
    }
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > days_in(y, m)) {
        errlist_add(e, in->path, in->ln, col, "%s is not a day (expected YYYY-MM-DD with 1900 <= YYYY <= 2200)", s);
        return -1;
    }
    *out = y * 10000 + m * 100 + d;
    return 0;
}

/* A finite decimal number with |v| <= VALIDATE_MAX_VALUE. */
static int parse_value(const rd_t *in, const char *s, int col, double *out, errlist_t *e)
{
    char b[48];
    int ok = *s != 0;
    for (const char *p = s; ok && *p; p++)
        if (!((*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '+' || *p == 'e' || *p == 'E')) ok = 0;
    char *end = NULL;
    double v = ok ? strtod(s, &end) : 0;
    if (!ok || end == s || *end || !isfinite(v)) {
        errlist_add(e, in->path, in->ln, col, "'%s' is not a number (expected a decimal value such as 13289 or 7.5)", fmt_shown(s, b));
        return -1;
    }
    if (fabs(v) > VALIDATE_MAX_VALUE) {
        errlist_add(e, in->path, in->ln, col, "'%s' is out of range (expected a value between -1e12 and 1e12)", fmt_shown(s, b));
        return -1;
    }
    *out = v;
    return 0;
}

static int month_of(int date) { return (date / 10000) * 12 + (date / 100) % 100 - 1; }
static int is_month_end(int date) { return date % 100 == days_in(date / 10000, (date / 100) % 100); }

void validate_date_label(int date, char buf[16])
{
    snprintf(buf, 16, "%04d-%02d-%02d", date / 10000 % 10000, (date / 100) % 100, date % 100);
}

/* ---- targets --------------------------------------------------------------- */

void validate_free(validate_t *v)
{
    if (!v) return;
    for (int i = 0; i < v->ntarget; i++) {
        vtarget_t *t = &v->t[i];
        free(t->published);
        free(t->expr);
        for (int k = 0; k < t->nterm; k++) free(t->term[k]);
        free(t->term);
        free(t->sign);
        free(t->tcol);
        free(t->col);
        free(t->label);
        free(t->note);
    }
    free(v->t);
    free(v->p);
    for (int i = 0; i < v->nfile; i++) free(v->files[i]);
    free(v->files);
    free(v->path);
    free(v->targets_file);
    free(v->scenario);
    free(v->scenario_file);
    free(v);
}

/* Splits expr into t's terms, each a series name added ('+') or taken away
 * (" - ": a minus between spaces, as '-' may be part of a name); spaces
 * around a name are allowed. */
static int parse_expr(const rd_t *in, vtarget_t *t, const char *expr, int col, errlist_t *e)
{
    t->term = calloc(VALIDATE_MAX_TERMS, sizeof *t->term);
    t->sign = calloc(VALIDATE_MAX_TERMS, sizeof *t->sign);
    t->tcol = calloc(VALIDATE_MAX_TERMS, sizeof *t->tcol);
    t->col = calloc(VALIDATE_MAX_TERMS, sizeof *t->col);
    if (!t->term || !t->sign || !t->tcol || !t->col) { errlist_add(e, in->path, 0, 0, "out of memory"); return -1; }
    const char *p = expr;
    signed char sign = 1;
    for (;;) {
        while (*p == ' ') p++;
        const char *q = p; /* the next operator: '+' or " - " */
        while (*q && *q != '+' && !(q[0] == ' ' && q[1] == '-' && q[2] == ' ')) q++;
        const char *end = q;
        while (end > p && end[-1] == ' ') end--;
        size_t len = (size_t)(end - p);
        int c = col + (int)(p - expr);
        if (t->nterm == VALIDATE_MAX_TERMS) {
            errlist_add(e, in->path, in->ln, c, "more than %d model series in one expression", VALIDATE_MAX_TERMS);
            return -1;
        }
        char name[VALIDATE_MAX_NAME + 2];
        if (len > VALIDATE_MAX_NAME) len = VALIDATE_MAX_NAME + 1;
        memcpy(name, p, len);
        name[len] = 0;
        if (check_name(in, name, c, "model series name", e)) return -1;
        t->sign[t->nterm] = sign;
        t->tcol[t->nterm] = c;
        if (!(t->term[t->nterm++] = dupstr(name))) { errlist_add(e, in->path, 0, 0, "out of memory"); return -1; }
        if (!*q) break;
        while (*q == ' ') q++;
        sign = *q == '-' ? -1 : 1;
        p = q + 1;
    }
    return 0;
}

static int add_target(validate_t *v, const rd_t *in, const fields_t *fl, errlist_t *e)
{
    char b[48];
    if (check_name(in, fl->s[0], fl->col[0], "published series name", e)) return -1;
    for (int i = 0; i < v->ntarget; i++)
        if (!strcmp(v->t[i].published, fl->s[0])) {
            errlist_add(e, in->path, in->ln, fl->col[0], "a second target for %s (expected one; the first is on line %d)",
                        fl->s[0], v->t[i].line);
            return -1;
        }
    if (v->ntarget == VALIDATE_MAX_TARGETS) {
        errlist_add(e, in->path, in->ln, 1, "more than %d targets", VALIDATE_MAX_TARGETS);
        return -1;
    }
    vtarget_t *t = &v->t[v->ntarget++];
    memset(t, 0, sizeof *t);
    t->line = in->ln;
    t->published = dupstr(fl->s[0]);
    t->expr = dupstr(fl->s[1]);
    t->label = dupstr(fl->s[5]);
    t->note = dupstr(fl->s[6]);
    if (!t->published || !t->expr || !t->label || !t->note) { errlist_add(e, in->path, 0, 0, "out of memory"); return -1; }
    if (parse_expr(in, t, fl->s[1], fl->col[1], e)) return -1;
    if (!strcmp(fl->s[2], "stock")) t->kind = VK_STOCK;
    else if (!strcmp(fl->s[2], "quarter")) t->kind = VK_QUARTER;
    else {
        errlist_add(e, in->path, in->ln, fl->col[2], "'%s' is not a kind (expected stock or quarter)", fmt_shown(fl->s[2], b));
        return -1;
    }
    if (parse_value(in, fl->s[3], fl->col[3], &t->tol_pct, e)) return -1;
    if (!(t->tol_pct > 0 && t->tol_pct <= 100)) {
        errlist_add(e, in->path, in->ln, fl->col[3], "tolerance %s%% is out of range (expected more than 0, at most 100)", fl->s[3]);
        return -1;
    }
    return parse_date(in, fl->s[4], fl->col[4], &t->held_out_after, e);
}

static int target_row(void *v, const rd_t *in, const fields_t *fl, errlist_t *e) { return add_target(v, in, fl, e); }

validate_t *validate_read_targets(const char *path, errlist_t *e)
{
    validate_t *v = calloc(1, sizeof *v);
    if (!v || !(v->t = calloc(VALIDATE_MAX_TARGETS, sizeof *v->t)) || !(v->targets_file = dupstr(path))) {
        errlist_add(e, path, 0, 0, "out of memory");
        validate_free(v);
        return NULL;
    }
    int rc = read_table(v->targets_file, TGT_HEADER, 7, target_row, v, e);
    if (!rc && !v->ntarget) {
        errlist_add(e, path, 0, 0, "no targets (expected rows after the header)");
        rc = -1;
    }
    if (rc) { validate_free(v); return NULL; }
    return v;
}

/* ---- published figures --------------------------------------------------------- */

static int find_target(const validate_t *v, const char *published)
{
    for (int i = 0; i < v->ntarget; i++)
        if (!strcmp(v->t[i].published, published)) return i;
    return -1;
}

static int add_point(validate_t *v, const rd_t *in, const fields_t *fl, const char *file, errlist_t *e)
{
    int date;
    double value;
    if (check_name(in, fl->s[0], fl->col[0], "series name", e) || parse_date(in, fl->s[1], fl->col[1], &date, e) ||
        parse_value(in, fl->s[2], fl->col[2], &value, e))
        return -1;
    int t = find_target(v, fl->s[0]);
    if (t < 0) return 0; /* no target uses this series */
    if (!is_month_end(date) || (v->t[t].kind == VK_QUARTER && (date / 100) % 100 % 3 != 0)) {
        errlist_add(e, in->path, in->ln, fl->col[1], "%s is not the last day of a %s (expected one: the target for %s is a %s)",
                    fl->s[1], v->t[t].kind == VK_QUARTER ? "calendar quarter" : "month", fl->s[0],
                    v->t[t].kind == VK_QUARTER ? "quarter's flow" : "month-end stock");
        return -1;
    }
    for (int i = 0; i < v->npoint; i++)
        if (v->p[i].target == t && v->p[i].date == date) {
            errlist_add(e, in->path, in->ln, fl->col[0], "a second figure for %s on %s (expected one; the first is at %s:%d)",
                        fl->s[0], fl->s[1], v->p[i].file, v->p[i].line);
            return -1;
        }
    vpoint_t *p = &v->p[v->npoint++];
    memset(p, 0, sizeof *p);
    p->target = t;
    p->date = date;
    p->published = value;
    p->line = in->ln;
    p->file = file;
    p->mean = p->p5 = p->p50 = p->p95 = p->err_pct = NAN;
    return 0;
}

/* A published row: counted against the bound, then kept if a target uses it. */
static int published_row(void *ctx, const rd_t *in, const fields_t *fl, errlist_t *e)
{
    validate_t *v = ctx;
    if (v->nrows == VALIDATE_MAX_ROWS) {
        errlist_add(e, in->path, in->ln, 1, "more than %d published rows in all", VALIDATE_MAX_ROWS);
        return -1;
    }
    v->nrows++;
    return add_point(v, in, fl, in->path, e);
}

int validate_read_published(validate_t *v, const char *path, errlist_t *e)
{
    if (v->nfile == VALIDATE_MAX_FILES) {
        errlist_add(e, path, 0, 0, "more than %d published files", VALIDATE_MAX_FILES);
        return -1;
    }
    if ((!v->p && !(v->p = calloc(VALIDATE_MAX_ROWS, sizeof *v->p))) ||
        (!v->files && !(v->files = calloc(VALIDATE_MAX_FILES, sizeof *v->files))) ||
        !(v->files[v->nfile] = dupstr(path))) {
        errlist_add(e, path, 0, 0, "out of memory");
        return -1;
    }
    /* points keep a pointer to the name, which lives as long as v */
    return read_table(v->files[v->nfile++], PUB_HEADER, 6, published_row, v, e);
}

int validate_check_published(validate_t *v, errlist_t *e)
{
    int rc = 0;
    for (int t = 0; t < v->ntarget; t++) {
        int n = 0;
        for (int i = 0; i < v->npoint; i++) n += v->p[i].target == t;
        if (!n) {
            errlist_add(e, v->targets_file, v->t[t].line, 1,
                        "no published figures for %s in the %d file%s read (expected rows of that series)",
                        v->t[t].published, v->nfile, v->nfile == 1 ? "" : "s");
            rc = -1;
        }
    }
    return rc;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

validate_t *validate_load(const char *targets_path, const char *published_dir, errlist_t *e)
{
    validate_t *v = validate_read_targets(targets_path, e);
    if (!v) return NULL;
    DIR *d = opendir(published_dir);
    if (!d) {
        errlist_add(e, published_dir, 0, 0, "cannot open the folder of published figures: %s", strerror(errno));
        validate_free(v);
        return NULL;
    }
    char *names[VALIDATE_MAX_FILES];
    int n = 0, rc = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (de->d_name[0] == '.' || l < 5 || strcmp(de->d_name + l - 4, ".csv")) continue;
        if (n == VALIDATE_MAX_FILES) {
            errlist_add(e, published_dir, 0, 0, "more than %d .csv files", VALIDATE_MAX_FILES);
            rc = -1;
            break;
        }
        char *p = malloc(strlen(published_dir) + l + 2);
        if (!p) { errlist_add(e, published_dir, 0, 0, "out of memory"); rc = -1; break; }
        sprintf(p, "%s/%s", published_dir, de->d_name);
        names[n++] = p;
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, cmp_str);
    for (int i = 0; i < n && !rc; i++) rc = validate_read_published(v, names[i], e);
    for (int i = 0; i < n; i++) free(names[i]);
    if (!rc && !n) { errlist_add(e, published_dir, 0, 0, "no .csv files (expected the published figures)"); rc = -1; }
    if (!rc) rc = validate_check_published(v, e);
    if (rc) { validate_free(v); return NULL; }
    return v;
}

/* ---- comparing ------------------------------------------------------------------- */

int validate_bind(validate_t *v, int nser, char *const *names, const unsigned char *is_flow, errlist_t *e)
{
    int rc = 0;
    for (int t = 0; t < v->ntarget; t++) {
        vtarget_t *tg = &v->t[t];
        for (int k = 0; k < tg->nterm; k++) {
            int col = tg->tcol[k];
            int found = -1;
            for (int s = 0; s < nser && found < 0; s++)
                if (!strcmp(names[s], tg->term[k])) found = s;
            if (found < 0) {
                errlist_add(e, v->targets_file, tg->line, col, "the model has no series %s (expected a name from series.csv)",
                            tg->term[k]);
                rc = -1;
            } else if (!is_flow[found] != (tg->kind == VK_STOCK)) {
                errlist_add(e, v->targets_file, tg->line, col, "%s is a %s (expected a %s for a %s target)", tg->term[k],
                            is_flow[found] ? "flow" : "stock", tg->kind == VK_STOCK ? "stock" : "flow",
                            validate_kind_names[tg->kind]);
                rc = -1;
            }
            tg->col[k] = found;
        }
    }
    return rc;
}

static int cmp_point(const void *a, const void *b)
{
    const vpoint_t *x = a, *y = b;
    if (x->target != y->target) return x->target < y->target ? -1 : 1;
    return (x->date > y->date) - (x->date < y->date);
}

/* The target's value in one replication at month k (NAN if there is none). */
static double model_value(const vtarget_t *t, const double *rep, int k, int nmonth, int nser)
{
    int k0 = t->kind == VK_QUARTER ? k - 2 : k;
    if (k < 0 || k >= nmonth || k0 < (t->kind == VK_QUARTER ? 1 : 0)) return NAN;
    double s = 0;
    for (int j = k0; j <= k; j++)
        for (int i = 0; i < t->nterm; i++) s += t->sign[i] * rep[(size_t)j * (size_t)nser + (size_t)t->col[i]];
    return s;
}

int validate_compare(validate_t *v, const double *vals, int nrep, int nmonth, int nser, int start)
{
    assert(nrep > 0 && nmonth > 0);
    free(v->path);
    v->path = malloc((size_t)v->ntarget * 4 * (size_t)nmonth * sizeof *v->path);
    double *x = malloc((size_t)nrep * sizeof *x);
    if (!v->path || !x) { free(x); return -1; }
    v->start = start;
    v->nmonth = nmonth;
    v->nrep = nrep;
    size_t block = (size_t)nmonth * (size_t)nser;
    for (int t = 0; t < v->ntarget; t++)
        for (int k = 0; k < nmonth; k++) {
            for (int r = 0; r < nrep; r++) x[r] = model_value(&v->t[t], vals + (size_t)r * block, k, nmonth, nser);
            double *st[4] = { validate_path(v, t, 0), validate_path(v, t, 1), validate_path(v, t, 2), validate_path(v, t, 3) };
            if (isnan(x[0])) { for (int i = 0; i < 4; i++) st[i][k] = NAN; continue; }
            results_quantiles(x, nrep, &st[0][k], &st[1][k], &st[2][k], &st[3][k]);
        }
    free(x);
    /* points outside the run are counted and dropped */
    for (int t = 0; t < v->ntarget; t++) v->t[t].before = v->t[t].after = 0;
    int n = 0;
    for (int i = 0; i < v->npoint; i++) {
        vpoint_t *p = &v->p[i];
        vtarget_t *t = &v->t[p->target];
        int k = month_of(p->date) - start;
        if (k >= nmonth) { t->after++; continue; }
        if (k < (t->kind == VK_QUARTER ? 3 : 0)) { t->before++; continue; }
        p->mean = validate_path(v, p->target, 0)[k];
        p->p5 = validate_path(v, p->target, 1)[k];
        p->p50 = validate_path(v, p->target, 2)[k];
        p->p95 = validate_path(v, p->target, 3)[k];
        p->period = t->kind == VK_STOCK && k == 0 ? VP_START : p->date > t->held_out_after ? VP_HELD_OUT : VP_FIT;
        p->err_pct = p->published != 0 ? 100 * (p->p50 - p->published) / p->published : NAN;
        p->within = isfinite(p->err_pct) && fabs(p->err_pct) <= t->tol_pct;
        v->p[n++] = *p;
    }
    v->npoint = n;
    qsort(v->p, (size_t)n, sizeof *v->p, cmp_point);
    return 0;
}

int validate_compare_results(validate_t *v, const results_t *r)
{
    free(v->scenario);
    free(v->scenario_file);
    v->scenario = dupstr(r->sc->name);
    v->scenario_file = dupstr(r->sc->file ? r->sc->file : "");
    v->seed = (unsigned long long)r->seed;
    if (!v->scenario || !v->scenario_file) return -1;
    return validate_compare(v, r->v, r->nrep, r->nmonth, r->nser, r->sc->start);
}

int validate_missed_held_out(const validate_t *v)
{
    int n = 0;
    for (int i = 0; i < v->npoint; i++) n += v->p[i].period == VP_HELD_OUT && !v->p[i].within;
    return n;
}

/* ---- writing --------------------------------------------------------------------- */

/* %.2f, never "-0.00"; empty for NAN */
static void put_num(FILE *f, double x)
{
    if (isnan(x)) { fputc(',', f); return; }
    if (fabs(x) < 0.005) x = 0;
    fprintf(f, ",%.2f", x);
}

int validate_write_csv(FILE *f, const void *ctx)
{
    const validate_t *v = ctx;
    fprintf(f, "published_series,date,period,kind,model_expression,tolerance_pct,published,"
               "model_mean,model_p5,model_p50,model_p95,error_pct,within\n");
    for (int i = 0; i < v->npoint; i++) {
        const vpoint_t *p = &v->p[i];
        const vtarget_t *t = &v->t[p->target];
        char d[16];
        validate_date_label(p->date, d);
        fprintf(f, "%s,%s,%s,%s,%s", t->published, d, validate_period_names[p->period], validate_kind_names[t->kind], t->expr);
        put_num(f, t->tol_pct);
        put_num(f, p->published);
        put_num(f, p->mean);
        put_num(f, p->p5);
        put_num(f, p->p50);
        put_num(f, p->p95);
        put_num(f, p->err_pct);
        fprintf(f, ",%s\n", p->period == VP_START ? "" : p->within ? "yes" : "no");
    }
    return ferror(f) ? -1 : 0;
}

static void month_words(int month, char *buf, size_t n)
{
    static const char *mn[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    snprintf(buf, n, "%s %d", mn[((month % 12) + 12) % 12], month / 12);
}

int validate_write_table(FILE *f, const void *ctx)
{
    const validate_t *v = ctx;
    char a[32], b[32], c[32], d[16], m0[16], m1[16];
    month_words(v->start, m0, sizeof m0);
    month_words(v->start + v->nmonth - 1, m1, sizeof m1);
    fprintf(f, "Backcast: %s (%s), %d replications, seed %llu, end of %s to end of %s.\n", v->scenario ? v->scenario : "?",
            v->scenario_file ? v->scenario_file : "?", v->nrep, v->seed, m0, m1);
    fprintf(f, "Model: median and 90%% interval (5th to 95th percentile) over replications.\n");
    fprintf(f, "Targets (%s):\n", v->targets_file);
    int w = 6;
    for (int t = 0; t < v->ntarget; t++) {
        const vtarget_t *tg = &v->t[t];
        validate_date_label(tg->held_out_after, d);
        fprintf(f, "  %s = %s (%s; within %g%%; held out after %s)\n", tg->published, tg->expr,
                tg->kind == VK_STOCK ? "month-end stock" : "sum of the quarter's three months", tg->tol_pct, d);
        if ((int)strlen(tg->published) > w) w = (int)strlen(tg->published);
    }
    fprintf(f, "\n%-*s  %-10s  %-8s  %10s  %-21s  %10s  %8s  %4s  %s\n", w, "series", "date", "period", "model", "90% interval",
            "published", "error", "tol", "within");
    for (int i = 0; i < v->npoint; i++) {
        const vpoint_t *p = &v->p[i];
        const vtarget_t *t = &v->t[p->target];
        char iv[80], e[16], tol[16];
        validate_date_label(p->date, d);
        fmt_num(a, sizeof a, p->p50, 0);
        fmt_num(b, sizeof b, p->p5, 0);
        fmt_num(c, sizeof c, p->p95, 0);
        snprintf(iv, sizeof iv, "%s to %s", b, c);
        fmt_num(b, sizeof b, p->published, 0);
        if (isfinite(p->err_pct)) snprintf(e, sizeof e, "%+.1f%%", p->err_pct);
        else snprintf(e, sizeof e, "n/a");
        snprintf(tol, sizeof tol, "%g%%", t->tol_pct);
        fprintf(f, "%-*s  %-10s  %-8s  %10s  %-21s  %10s  %8s  %4s  %s\n", w, t->published, d,
                validate_period_names[p->period], a, iv, b, e, tol, p->period == VP_START ? "(start stock)" : p->within ? "yes" : "no");
    }
    fprintf(f, "\nHeld-out points within tolerance:\n");
    for (int t = 0; t < v->ntarget; t++) {
        int n = 0, k = 0;
        for (int i = 0; i < v->npoint; i++)
            if (v->p[i].target == t && v->p[i].period == VP_HELD_OUT) { n++; k += v->p[i].within; }
        if (n) fprintf(f, "  %-*s  %d of %d (%.0f%%) within %g%%\n", w, v->t[t].published, k, n, 100.0 * k / n, v->t[t].tol_pct);
        else fprintf(f, "  %-*s  no held-out points\n", w, v->t[t].published);
    }
    int header = 0;
    for (int t = 0; t < v->ntarget; t++) {
        const vtarget_t *tg = &v->t[t];
        if (!tg->before && !tg->after) continue;
        if (!header++) fprintf(f, "\nNot compared (published points outside the run, end of %s to end of %s):\n", m0, m1);
        fprintf(f, "  %-*s  ", w, tg->published);
        if (tg->before) fprintf(f, "%d before", tg->before);
        if (tg->before && tg->after) fprintf(f, ", ");
        if (tg->after) fprintf(f, "%d after", tg->after);
        fputc('\n', f);
    }
    return ferror(f) ? -1 : 0;
}
