/* table.c: series tables for charts, and reading series.csv and run.yaml. */
#include "table.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "numfmt.h"
#include "policy.h"
#include "results.h"
#include "uncertain.h"
#include <time.h>

static char *dupstr(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

ptable_t *ptable_create(int start, int nmonth, int nser)
{
    ptable_t *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->start = start;
    t->nmonth = nmonth;
    t->nser = nser;
    t->name = calloc((size_t)nser + 1, sizeof *t->name);
    t->v = malloc(((size_t)nser * ST_N * (size_t)nmonth + 1) * sizeof *t->v);
    if (!t->name || !t->v) { ptable_free(t); return NULL; }
    for (size_t i = 0; i < (size_t)nser * ST_N * (size_t)nmonth; i++) t->v[i] = NAN;
    return t;
}

void ptable_free(ptable_t *t)
{
    if (!t) return;
    for (int i = 0; t->name && i < t->nser; i++) free(t->name[i]);
    free(t->name);
    free(t->v);
    free(t);
}

double ptable_round(double v)
{
    char buf[64];
    if (fabs(v) < 0.005) v = 0;
    snprintf(buf, sizeof buf, "%.2f", v);
    return strtod(buf, NULL);
}

int ptable_find(const ptable_t *t, const char *name)
{
    for (int i = 0; i < t->nser; i++)
        if (!strcmp(t->name[i], name)) return i;
    return -1;
}

/* Does a run's chart table keep series s (see ptable_from_results)? */
static int run_keeps(const layout_t *l, int s)
{
    if (s < l->nbase) return 1;
    const char *base = l->name[s % l->nbase];
    return !strcmp(base, PTABLE_REGION_CAPACITY) || !strcmp(base, PTABLE_REGION_GAP) || !strcmp(base, PTABLE_REGION_SHORT);
}

ptable_t *ptable_from_results(const void *results)
{
    const results_t *r = results;
    int n = 0;
    for (int s = 0; s < r->nser; s++) n += run_keeps(r->lay, s);
    ptable_t *t = ptable_create(r->sc->start, r->nmonth, n);
    if (!t) return NULL;
    for (int s = 0, q = 0; s < r->nser; s++) {
        if (!run_keeps(r->lay, s)) continue;
        t->name[q] = dupstr(r->lay->name[s]);
        if (!t->name[q]) { ptable_free(t); return NULL; }
        const double *src[ST_N] = { r->mean, r->p5, r->p50, r->p95 };
        for (int st = 0; st < ST_N; st++)
            for (int k = 0; k < r->nmonth; k++) {
                if (k == 0 && r->lay->is_flow[s]) continue; /* not in the CSV either */
                ptable_row(t, q, st)[k] = ptable_round(src[st][results_at(r, k, s)]);
            }
        q++;
    }
    return t;
}

void pmeta_today(char buf[16])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, 16, "%Y-%m-%d", &tm);
}

/* A `set:`, `multiply:` or `add:` lever's chart label from the rule it edits, in words: its last
 * two path components (less a final ".mean"), "custody.home_detention_curfew.take_up"
 * giving "Home detention curfew take up changes" and
 * "disposals.community_order.length_months.mean" "Community order length
 * months changes", but "custody.recall.standard_recall_days.mean" only
 * "Standard recall days changes" (the reader of a chart should not need the scenario to
 * know what the dashed line is). */
static void edit_label(const char *path, char *out, size_t n)
{
    const char *end = path + strlen(path);
    if (end - path > 5 && !strcmp(end - 5, ".mean")) end -= 5;
    const char *from = end;
    for (int dots = 0; from > path; from--)
        if (from[-1] == '.' && ++dots == 2) break;
    /* "recall.standard_recall_days": the last says it all */
    const char *dot = memchr(from, '.', (size_t)(end - from));
    if (dot) {
        size_t plen = (size_t)(dot - from);
        for (const char *q = dot + 1; plen && q + plen <= end; q++)
            if (!memcmp(q, from, plen)) { from = dot + 1; break; }
    }
    size_t k = 0;
    for (const char *c = from; c < end && k + 9 < n; c++)
        if (!(k == 0 && (*c == '.' || *c == '_'))) out[k++] = (*c == '_' || *c == '.') ? ' ' : *c;
    out[k] = 0;
    if (k) out[0] = (char)toupper((unsigned char)out[0]);
    snprintf(out + k, n - k, "%s", k ? " changes" : "A rule changes");
}

pmeta_t *pmeta_from_scenario(const scenario_t *s, long reps, unsigned long long seed, const char *made)
{
    pmeta_t *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->scenario = dupstr(s->name);
    m->replications = reps;
    m->seed = seed;
    snprintf(m->made, sizeof m->made, "%s", made);
    m->policy_month = -1;
    m->assumptions = s->central ? 0 : unc_assumptions(s);
    if (s->nhistory) {
        m->hist = malloc((size_t)s->nhistory * sizeof *m->hist);
        if (m->hist) {
            memcpy(m->hist, s->history, (size_t)s->nhistory * sizeof *m->hist);
            m->nhist = s->nhistory;
        }
        m->hist_source = s->history_source ? dupstr(s->history_source) : NULL;
    }
    static const char *const labels[LV_N] = {
        [LV_PRESUMPTION] = "Presumption against short sentences", [LV_RELEASE] = "New release point",
        [LV_END_PSS] = "PSS ends", [LV_RECALL] = "Recall rules change", [LV_VOLUME] = "Volumes change",
        [LV_REPORTS] = "Reports change", [LV_ACTIVE] = "Active supervision shortened", [LV_STAFF] = "Staffing changes",
        [LV_END_SUP] = "Supervision ends", [LV_END_DONE] = "Orders end when complete", [LV_EDIT] = "A rule changes"
    };
    /* levers within the horizon in date order (a lever after it draws no
     * line); one mark per month, its label naming each kind of change once
     * ("Presumption against short sentences; volumes change") */
    unsigned char *used = calloc((size_t)s->nlevers + 1, 1);
    while (used && m->nlever < PMETA_LEVERS) {
        int next = -1;
        for (int i = 0; i < s->nlevers; i++)
            if (!used[i] && !s->levers[i].demand && s->levers[i].from_month <= s->start + s->horizon &&
                (next < 0 || s->levers[i].from < s->levers[next].from)) next = i;
        if (next < 0) break;
        used[next] = 1;
        const char *lab = labels[s->levers[next].kind];
        char named[96];
        if (s->levers[next].kind == LV_EDIT && s->levers[next].path) {
            edit_label(s->levers[next].path, named, sizeof named);
            lab = named;
        }
        int j = 0;
        while (j < m->nlever && m->lever_month[j] != s->levers[next].from_month) j++;
        if (j == m->nlever) {
            m->lever_month[m->nlever] = s->levers[next].from_month;
            m->lever_label[m->nlever++] = dupstr(lab);
            continue;
        }
        char low[96];
        snprintf(low, sizeof low, "%s", lab);
        if (islower((unsigned char)low[1])) low[0] = (char)tolower((unsigned char)low[0]); /* not "PSS" */
        if (!strcmp(m->lever_label[j], lab) || strstr(m->lever_label[j], low)) continue;
        size_t n = strlen(m->lever_label[j]) + strlen(low) + 3;
        char *both = malloc(n);
        if (!both) continue;
        snprintf(both, n, "%s; %s", m->lever_label[j], low);
        free(m->lever_label[j]);
        m->lever_label[j] = both;
    }
    free(used);
    for (int r = 0; r < s->nregions && r < PMETA_REGIONS; r++) {
        m->region_name[r] = dupstr(s->regions[r].name);
        m->region_label[r] = dupstr(s->regions[r].label ? s->regions[r].label : s->regions[r].name);
        m->nregion = r + 1;
        if (!m->region_name[r] || !m->region_label[r]) { pmeta_free(m); return NULL; }
    }
    if (m->nlever) {
        m->policy_month = m->lever_month[0];
        m->policy_label = dupstr(m->lever_label[0]);
    }
    if (!m->scenario) { pmeta_free(m); return NULL; }
    return m;
}

int pmeta_fan_from_results(pmeta_t *m, const void *results)
{
    const results_t *r = results;
    m->fan25 = malloc((size_t)r->nmonth * sizeof *m->fan25);
    m->fan75 = malloc((size_t)r->nmonth * sizeof *m->fan75);
    if (!m->fan25 || !m->fan75) return -1;
    for (int k = 0; k < r->nmonth; k++) {
        m->fan25[k] = ptable_round(r->p25[k]);
        m->fan75[k] = ptable_round(r->p75[k]);
    }
    m->nfan = r->nmonth;
    return 0;
}

/* ---- series.csv ----------------------------------------------------------- */

/* Reading is two passes over the file (a regular file, so it can be read
 * again): the first checks every row and finds the series and the months,
 * the second fills the table.  Memory is the table itself, at most
 * CSV_MAX_SERIES x CSV_MAX_MONTHS x 4 doubles (377 MB), plus a line number
 * per cell while filling, whatever the file holds. */

typedef struct {
    FILE *f;
    const char *path;
    long bytes, max; /* max: CSV_MAX_BYTES or CSV_MAX_KEYED_BYTES */
    int ln;
} csv_in;

/* Reads the next line into buf (without the newline and a '\r' before it).
 * Returns 1 for a line, 0 at the end of the file, -1 after reporting an
 * error: a NUL byte, a line of CSV_MAX_LINE bytes or more, a file that has
 * grown past CSV_MAX_BYTES since it was opened. */
static int csv_line(csv_in *in, char buf[CSV_MAX_LINE + 1], errlist_t *e)
{
    int c, n = 0;
    while ((c = getc(in->f)) != EOF) {
        if (c == '\n') break;
        if (n == 0) in->ln++;
        if (++in->bytes > in->max) {
            errlist_add(e, in->path, in->ln, n + 1, "the file grew past %ld bytes while being read (expected at most %ld)",
                        in->max, in->max);
            return -1;
        }
        if (c == 0) {
            errlist_add(e, in->path, in->ln, n + 1, "NUL byte (expected text)");
            return -1;
        }
        if (n == CSV_MAX_LINE) {
            errlist_add(e, in->path, in->ln, n + 1, "line is longer than %d bytes (expected month,series,mean,p5,p50,p95)",
                        CSV_MAX_LINE);
            return -1;
        }
        buf[n++] = (char)c;
    }
    if (c == '\n') {
        in->bytes++;
        if (n == 0) in->ln++;
    } else if (n == 0) {
        if (ferror(in->f)) {
            errlist_add(e, in->path, 0, 0, "cannot read: %s", strerror(errno));
            return -1;
        }
        return 0;
    }
    if (n > 0 && buf[n - 1] == '\r') n--;
    buf[n] = 0;
    return 1;
}


/* "YYYY-MM": exactly four digits, a dash, two digits (the scenario loader's
 * rule; 2025-6, 2025-+6 and " 2025-06" are not months). */
static int csv_month(const char *path, int ln, int col, const char *s, int *out, errlist_t *e)
{
    char b[48];
    int ok = strlen(s) == 7 && s[4] == '-';
    for (int i = 0; ok && i < 7; i++)
        if (i != 4 && !(s[i] >= '0' && s[i] <= '9')) ok = 0;
    if (!ok) {
        errlist_add(e, path, ln, col, "'%s' is not a month (expected YYYY-MM, e.g. 2025-06)", fmt_shown(s, b));
        return -1;
    }
    int y = atoi(s), m = atoi(s + 5);
    if (y < 1900 || y > 2200 || m < 1 || m > 12) {
        errlist_add(e, path, ln, col, "month %s is out of range (expected YYYY-MM with 1900 <= YYYY <= 2200 and 01 <= MM <= 12)", s);
        return -1;
    }
    *out = y * 12 + m - 1;
    return 0;
}

/* Printable text in UTF-8, 1 to CSV_MAX_NAME bytes. */
static int csv_name(const char *path, int ln, int col, const char *s, errlist_t *e)
{
    size_t len = strlen(s);
    if (!len) {
        errlist_add(e, path, ln, col, "empty series name (expected a name such as caseload.total)");
        return -1;
    }
    if (len > CSV_MAX_NAME) {
        errlist_add(e, path, ln, col, "series name is %zu bytes long (expected at most %d)", len, CSV_MAX_NAME);
        return -1;
    }
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        int n = *p < 0x80 ? 1 : *p >= 0xC2 && *p < 0xE0 ? 2 : *p >= 0xE0 && *p < 0xF0 ? 3 : *p >= 0xF0 && *p < 0xF5 ? 4 : 0;
        for (int i = 1; i < n; i++)
            if ((p[i] & 0xC0) != 0x80) n = 0;
        if (!n || *p < 32 || *p == 127) {
            errlist_add(e, path, ln, col + (int)(p - (const unsigned char *)s),
                        "series name has a control character or is not UTF-8 (expected text)");
            return -1;
        }
        p += n;
    }
    return 0;
}

/* A decimal number (digits, sign, point, exponent: no inf, nan, hex or
 * blanks) with |v| <= CSV_MAX_VALUE. */
static int csv_value(const char *path, int ln, int col, const char *s, double *out, errlist_t *e)
{
    char b[48], *end;
    int ok = s[0] && strspn(s, "0123456789+-.eE") == strlen(s);
    double v = ok ? strtod(s, &end) : 0;
    if (!ok || *end) {
        errlist_add(e, path, ln, col, "'%s' is not a number (expected a finite decimal value such as 1234.56)", fmt_shown(s, b));
        return -1;
    }
    if (!(fabs(v) <= CSV_MAX_VALUE)) {
        errlist_add(e, path, ln, col, "'%s' is out of range (expected a value between -1e12 and 1e12)", fmt_shown(s, b));
        return -1;
    }
    *out = v;
    return 0;
}

typedef struct {
    int key;      /* index of the scenario column in keys (keyed files), else 0 */
    int month;
    char *name;
    int name_col;
    double v[4];
} csv_row;

/* The columns of a tidy file: series.csv's, or a comparison's with the
 * scenario first (levels.csv, difference.csv). */
static const char *csv_columns(int keyed)
{
    return keyed ? "scenario,month,series,mean,p5,p50,p95" : "month,series,mean,p5,p50,p95";
}

/* Splits and checks one data row; line is modified (fields end in NUL).
 * With nkey > 0 the first field must be one of keys (a scenario's stem). */
static int csv_row_parse(const char *path, int ln, char *line, int nkey, char *const *keys, csv_row *r, errlist_t *e)
{
    int want = nkey > 0 ? 7 : 6;
    char *fld[7];
    int nf = 0;
    char *p = line;
    for (;;) {
        fld[nf++] = p;
        p = strchr(p, ',');
        if (!p) break;
        *p++ = 0;
        if (nf == want) {
            errlist_add(e, path, ln, (int)(p - line) + 1, "a%s field (expected %d: %s)", want == 7 ? "n eighth" : " seventh",
                        want, csv_columns(nkey > 0));
            return -1;
        }
    }
    if (nf < want) {
        int col = (int)(fld[nf - 1] - line) + (int)strlen(fld[nf - 1]) + 1;
        errlist_add(e, path, ln, col, "the row ends after %d field%s (expected %d: %s)", nf, nf == 1 ? "" : "s", want,
                    csv_columns(nkey > 0));
        return -1;
    }
    char **f = fld;
    r->key = 0;
    if (nkey > 0) {
        char b[48];
        r->key = -1;
        for (int i = 0; i < nkey && r->key < 0; i++)
            if (!strcmp(keys[i], fld[0])) r->key = i;
        if (r->key < 0) {
            errlist_add(e, path, ln, 1, "'%s' is not a scenario of this comparison (expected one of the stems compare.yaml lists)",
                        fmt_shown(fld[0], b));
            return -1;
        }
        f++;
    }
    if (csv_month(path, ln, (int)(f[0] - line) + 1, f[0], &r->month, e)) return -1;
    r->name = f[1];
    r->name_col = (int)(f[1] - line) + 1;
    if (csv_name(path, ln, r->name_col, f[1], e)) return -1;
    for (int k = 0; k < 4; k++)
        if (csv_value(path, ln, (int)(f[2 + k] - line) + 1, f[2 + k], &r->v[k], e)) return -1;
    return 0;
}

/* Series names by hash (open addressing, FNV-1a): 4,096 names, 8,192 slots. */
#define NAME_SLOTS (2 * CSV_MAX_SERIES)

static unsigned name_hash(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h & (NAME_SLOTS - 1);
}

/* Index of name in names[], or -1; *slot is where it is or would go. */
static int name_find(char **names, const int *slots, const char *name, unsigned *slot)
{
    unsigned h = name_hash(name);
    while (slots[h] >= 0) {
        if (!strcmp(names[slots[h]], name)) { *slot = h; return slots[h]; }
        h = (h + 1) & (NAME_SLOTS - 1);
    }
    *slot = h;
    return -1;
}

/* Opens path for reading only if it is a regular file of at most
 * CSV_MAX_BYTES (keyed: CSV_MAX_KEYED_BYTES; never blocks on a FIFO). */
static FILE *csv_open(const char *path, int keyed, errlist_t *e)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) {
        errlist_add(e, path, 0, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    struct stat st;
    const char *why = NULL;
    if (fstat(fd, &st)) why = strerror(errno);
    else if (!S_ISREG(st.st_mode)) why = "not a regular file (expected series.csv as caseflow run writes it)";
    else if (!keyed && st.st_size > CSV_MAX_BYTES) why = "larger than 2 GB (expected series.csv as caseflow run writes it)";
    else if (keyed && st.st_size > CSV_MAX_KEYED_BYTES)
        why = "larger than 1 GB (expected a comparison table as caseflow compare writes it)";
    int fl = why ? 0 : fcntl(fd, F_GETFL);
    if (!why && (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0)) why = strerror(errno);
    FILE *f = why ? NULL : fdopen(fd, "r");
    if (!f) {
        errlist_add(e, path, 0, 0, "cannot read: %s", why ? why : strerror(errno));
        close(fd);
    }
    return f;
}

/* Reads a tidy file into out[0] (nkey == 0: series.csv) or out[0..nkey-1],
 * one table per scenario column value (levels.csv, difference.csv); every
 * table has every series name (or the nwant names of want, when not NULL:
 * rows of other series are checked and skipped) and the file's span of
 * months, NAN where the file has no row.  0, or -1 with one message. */
static int read_tidy(const char *path, int nkey, char *const *keys, const char *const *want, int nwant, ptable_t **out,
                     errlist_t *e)
{
    int ntab = nkey > 0 ? nkey : 1;
    for (int i = 0; i < ntab; i++) out[i] = NULL;
    FILE *f = csv_open(path, nkey > 0, e);
    if (!f) return -1;
    char line[CSV_MAX_LINE + 1], m0[8], m1[8];
    char **names = calloc(CSV_MAX_SERIES, sizeof *names);
    int *slots = malloc(NAME_SLOTS * sizeof *slots), *first = NULL;
    int nname = 0, nrow = 0, mmin = 0, mmax = 0, bad = !names || !slots, r = 0;
    if (bad) errlist_add(e, path, 0, 0, "out of memory");
    else
        for (int i = 0; i < NAME_SLOTS; i++) slots[i] = -1;
    /* the names wanted, each once, come first (and are the only ones) */
    for (int i = 0; !bad && want && i < nwant && nname < CSV_MAX_SERIES; i++) {
        unsigned slot;
        if (name_find(names, slots, want[i], &slot) >= 0) continue;
        if (!(names[nname] = dupstr(want[i]))) { errlist_add(e, path, 0, 0, "out of memory"); bad = 1; break; }
        slots[slot] = nname++;
    }
    /* pass 1: every row checked; names and the span of months */
    long max = nkey > 0 ? CSV_MAX_KEYED_BYTES : CSV_MAX_BYTES;
    csv_in in = { f, path, 0, max, 0 };
    if (!bad && (r = csv_line(&in, line, e)) <= 0) {
        if (!r) errlist_add(e, path, 0, 0, "empty file (expected a caseflow %s)", nkey ? "comparison table" : "series.csv");
        bad = 1;
    }
    if (!bad && strcmp(line, csv_columns(nkey > 0))) {
        errlist_add(e, path, 1, 1, "unexpected header (expected %s)", csv_columns(nkey > 0));
        bad = 1;
    }
    while (!bad && (r = csv_line(&in, line, e)) > 0) {
        if (!line[0]) continue;
        csv_row row;
        unsigned slot;
        if (csv_row_parse(path, in.ln, line, nkey, keys, &row, e)) { bad = 1; break; }
        if (!nrow) mmin = mmax = row.month;
        if (row.month < mmin) mmin = row.month;
        if (row.month > mmax) mmax = row.month;
        if (mmax - mmin + 1 > CSV_MAX_MONTHS) {
            month_label(mmin, m0);
            month_label(mmax, m1);
            errlist_add(e, path, in.ln, nkey ? (int)strlen(keys[row.key]) + 2 : 1,
                        "months from %s to %s are %d months (expected at most %d in one %s)", m0, m1, mmax - mmin + 1,
                        CSV_MAX_MONTHS, nkey ? "comparison table" : "series.csv");
            bad = 1;
            break;
        }
        nrow++;
        if (name_find(names, slots, row.name, &slot) >= 0 || want) continue;
        if (nname == CSV_MAX_SERIES) {
            errlist_add(e, path, in.ln, row.name_col, "a series beyond the %dth (expected at most %d series)", CSV_MAX_SERIES,
                        CSV_MAX_SERIES);
            bad = 1;
            break;
        }
        if ((long long)ntab * (nname + 1) * (mmax - mmin + 1) > (long long)CSV_MAX_SERIES * CSV_MAX_MONTHS) {
            errlist_add(e, path, in.ln, row.name_col, "%d scenarios of %d series over %d months are too many values (expected at most %d)",
                        ntab, nname + 1, mmax - mmin + 1, CSV_MAX_SERIES * CSV_MAX_MONTHS);
            bad = 1;
            break;
        }
        if (!(names[nname] = dupstr(row.name))) { errlist_add(e, path, 0, 0, "out of memory"); bad = 1; break; }
        slots[slot] = nname++;
    }
    if (r < 0) bad = 1;
    if (!bad && !nrow) {
        errlist_add(e, path, 0, 0, "no rows (expected a caseflow %s)", nkey ? "comparison table" : "series.csv");
        bad = 1;
    }
    if (!bad && (long long)ntab * nname * (mmax - mmin + 1) > (long long)CSV_MAX_SERIES * CSV_MAX_MONTHS) {
        /* the months grew after the last new name */
        errlist_add(e, path, 0, 0, "%d scenarios of %d series over %d months are too many values (expected at most %d)", ntab,
                    nname, mmax - mmin + 1, CSV_MAX_SERIES * CSV_MAX_MONTHS);
        bad = 1;
    }
    /* pass 2: the tables, and no two rows for one scenario, month and series */
    if (!bad) {
        int nmonth = mmax - mmin + 1;
        size_t per = (size_t)nname * (size_t)nmonth;
        first = calloc((size_t)ntab * per, sizeof *first);
        if (!first) bad = 1;
        for (int i = 0; !bad && i < ntab; i++) {
            if (!(out[i] = ptable_create(mmin, nmonth, nname))) { bad = 1; break; }
            for (int j = 0; j < nname; j++)
                if (!(out[i]->name[j] = i + 1 < ntab ? dupstr(names[j]) : names[j])) bad = 1;
                else if (i + 1 == ntab) names[j] = NULL;
        }
        if (bad) errlist_add(e, path, 0, 0, "out of memory");
        rewind(f);
        in = (csv_in){ f, path, 0, max, 0 };
        if (!bad) r = csv_line(&in, line, e); /* the header, checked above */
        while (!bad && (r = csv_line(&in, line, e)) > 0) {
            if (!line[0]) continue;
            csv_row row;
            unsigned slot;
            int s = -1;
            if (csv_row_parse(path, in.ln, line, nkey, keys, &row, e)) { bad = 1; break; }
            ptable_t *t = out[row.key];
            if ((s = name_find(t->name, slots, row.name, &slot)) < 0 && want) continue;
            if (s < 0 || row.month < mmin || row.month > mmax) {
                errlist_add(e, path, in.ln, 1, "the file changed while being read (expected it to stay as it was)");
                bad = 1;
                break;
            }
            int k = row.month - mmin, *at = &first[(size_t)row.key * per + (size_t)s * (size_t)nmonth + (size_t)k];
            if (*at) {
                month_label(row.month, m0);
                errlist_add(e, path, in.ln, 1, "a second row for %s%s%s in %s (expected one row per %smonth and series; the first is on line %d)",
                            nkey ? keys[row.key] : "", nkey ? ", " : "", row.name, m0, nkey ? "scenario, " : "", *at);
                bad = 1;
                break;
            }
            *at = in.ln;
            for (int st = 0; st < ST_N; st++) ptable_row(t, s, st)[k] = row.v[st];
        }
        if (r < 0) bad = 1;
    }
    fclose(f);
    for (int i = 0; i < nname && names; i++) free(names[i]);
    free(names);
    free(slots);
    free(first);
    if (bad) {
        for (int i = 0; i < ntab; i++) { ptable_free(out[i]); out[i] = NULL; }
        return -1;
    }
    return 0;
}

ptable_t *ptable_read_csv(const char *path, errlist_t *e)
{
    ptable_t *t;
    return read_tidy(path, 0, NULL, NULL, 0, &t, e) ? NULL : t;
}

int ptable_read_keyed(const char *path, int nkey, char *const *keys, const char *const *want, int nwant, ptable_t **out,
                      errlist_t *e)
{
    assert(nkey > 0);
    return read_tidy(path, nkey, keys, want, nwant, out, e);
}

/* ---- run.yaml -------------------------------------------------------------- */

void ptable_put_str(FILE *f, const char *key, const char *s)
{
    fprintf(f, "%s: \"", key);
    for (const char *p = s; p && *p; p++) {
        if (*p == '"' || *p == '\\') fputc('\\', f);
        if ((unsigned char)*p >= 32) fputc(*p, f);
    }
    fputs("\"\n", f);
}

void pmeta_put_regions(FILE *f, int n, char *const *name, char *const *label)
{
    if (!n) return;
    fprintf(f, "regions:  # the series-name word (region.NAME.*) and the label the charts print\n");
    for (int r = 0; r < n; r++) {
        ptable_put_str(f, "  - name", name[r]);
        ptable_put_str(f, "    label", label[r]);
    }
}

int pmeta_write(FILE *f, const void *meta)
{
    const pmeta_t *m = meta;
    char mon[8];
    fprintf(f, "# What caseflow's charts need to be redrawn (caseflow plot OUTDIR).\n");
    ptable_put_str(f, "scenario", m->scenario);
    fprintf(f, "replications: %ld\nseed: %llu\n", m->replications, m->seed);
    ptable_put_str(f, "made", m->made);
    if (m->policy_month >= 0) {
        month_label(m->policy_month, mon);
        fprintf(f, "policy_month: %s\n", mon);
        ptable_put_str(f, "policy_label", m->policy_label ? m->policy_label : "");
    }
    if (m->nlever) {
        fprintf(f, "levers:\n");
        for (int i = 0; i < m->nlever; i++) {
            month_label(m->lever_month[i], mon);
            fprintf(f, "  - month: %s\n", mon);
            fprintf(f, "    ");
            ptable_put_str(f, "label", m->lever_label[i] ? m->lever_label[i] : "");
        }
    }
    if (m->assumptions >= 0) fprintf(f, "assumptions: %d\n", m->assumptions);
    for (int q = 0; q < 2 && m->nfan; q++) {
        const double *v = q ? m->fan75 : m->fan25;
        fprintf(f, "%s: [", q ? "fan_p75" : "fan_p25");
        for (int k = 0; k < m->nfan; k++) fprintf(f, "%s%.2f", k ? ", " : "", fabs(v[k]) < 0.005 ? 0.0 : v[k]);
        fprintf(f, "]\n");
    }
    pmeta_put_regions(f, m->nregion, m->region_name, m->region_label);
    if (m->nhist) {
        ptable_put_str(f, "history_source", m->hist_source ? m->hist_source : "");
        fprintf(f, "history:\n");
        for (int i = 0; i < m->nhist; i++) {
            month_label(m->hist[i].month, mon);
            fprintf(f, "  - {month: %s, value: %.2f}\n", mon, m->hist[i].value);
        }
    }
    return ferror(f) ? -1 : 0;
}

void pmeta_free(pmeta_t *m)
{
    if (!m) return;
    free(m->fan25);
    free(m->fan75);
    free(m->scenario);
    free(m->hist);
    free(m->hist_source);
    free(m->policy_label);
    for (int i = 0; i < m->nlever; i++) free(m->lever_label[i]);
    for (int r = 0; r < m->nregion; r++) {
        free(m->region_name[r]);
        free(m->region_label[r]);
    }
    free(m);
}

/* "YYYY-MM-DD", 1900 to 2200 (the charts' footer and the PDF's date). */
int ptable_is_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !(s[i] >= '0' && s[i] <= '9')) return 0;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    return y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* fan_p25 and fan_p75: lists of the same length, at most CSV_MAX_MONTHS
 * values within CSV_MAX_VALUE; both or neither.  0, or 1 after a message. */
static int read_fan(errlist_t *e, cnode *root, pmeta_t *m)
{
    cnode *q[2] = { cn_get(e, root, "fan_p25", 0, ""), cn_get(e, root, "fan_p75", 0, "") };
    if (!q[0] && !q[1]) return 0;
    for (int i = 0; i < 2; i++) {
        if (!q[i]) { cn_error(e, q[1 - i], "one of fan_p25 and fan_p75 without the other (expected both)"); return 1; }
        if (!cn_is_seq(e, q[i], "the quartiles of the caseload by month")) return 1;
        if (q[i]->n < 1 || q[i]->n > CSV_MAX_MONTHS || q[i]->n != q[0]->n) {
            cn_error(e, q[i], "%d values (expected 1 to %d, as many in fan_p25 as in fan_p75)", q[i]->n, CSV_MAX_MONTHS);
            return 1;
        }
    }
    m->fan25 = malloc((size_t)q[0]->n * sizeof *m->fan25);
    m->fan75 = malloc((size_t)q[0]->n * sizeof *m->fan75);
    if (!m->fan25 || !m->fan75) return 1;
    for (int k = 0; k < q[0]->n; k++)
        if (cn_num(e, q[0]->kid[k], -CSV_MAX_VALUE, CSV_MAX_VALUE, "a number", &m->fan25[k]) ||
            cn_num(e, q[1]->kid[k], -CSV_MAX_VALUE, CSV_MAX_VALUE, "a number", &m->fan75[k]))
            return 1;
    m->nfan = q[0]->n;
    return 0;
}

int pmeta_read_regions(errlist_t *e, struct cnode *root, int *nregion, char **name, char **label)
{
    cnode *n = cn_get(e, root, "regions", 0, "");
    if (!n) return 0;
    if (!cn_is_seq(e, n, "the regions, {name, label}")) return 1;
    if (n->n < 1 || n->n > PMETA_REGIONS) {
        cn_error(e, n, "%d regions (expected 1 to %d)", n->n, PMETA_REGIONS);
        return 1;
    }
    int rc = 0;
    for (int i = 0; i < n->n; i++) {
        cnode *p = n->kid[i], *x;
        const char *s;
        if (!cn_is_map(e, p, "a region: {name, label}")) { rc = 1; continue; }
        if (!(x = cn_get(e, p, "name", 1, "the region's series-name word")) || cn_str(e, x, &s) || scenario_check_name(e, x, s))
            rc = 1;
        else {
            for (int j = 0; j < *nregion; j++)
                if (!strcmp(name[j], s)) { cn_error(e, x, "region '%s' is listed twice (expected each once)", s); rc = 1; }
            if (!rc) {
                name[*nregion] = dupstr(s);
                label[(*nregion)++] = NULL;
            }
        }
        if (!(x = cn_get(e, p, "label", 1, "the region's label")) || cn_str(e, x, &s)) rc = 1;
        else {
            int ctl = 0;
            for (const char *q = s; *q; q++) ctl |= (unsigned char)*q < 32 || *q == 127;
            if (!s[0] || strlen(s) > 64 || ctl) {
                cn_error(e, x, "label is %s (expected 1 to 64 bytes without control characters)", ctl ? "not plain text" : !s[0] ? "empty" : "too long");
                rc = 1;
            } else if (!rc)
                label[*nregion - 1] = dupstr(s);
        }
        rc |= cn_finish_map(e, p) > 0;
        if (!rc && (!name[*nregion - 1] || !label[*nregion - 1])) {
            errlist_add(e, NULL, 0, 0, "out of memory");
            rc = 1;
        }
        if (rc) break;
    }
    return rc;
}

pmeta_t *pmeta_read(const char *path, errlist_t *e)
{
    cnode *root = cn_load(path, e);
    if (!root) return NULL;
    pmeta_t *m = calloc(1, sizeof *m);
    int rc = !m;
    const char *s;
    cnode *n;
    if (m) {
        m->policy_month = -1;
        m->assumptions = -1;
        long na = 0;
        int ra = cn_get_int(e, root, "assumptions", 0, 0, UNC_MAX, "the number of assumptions drawn, 0 to 256", &na);
        rc |= ra < 0;
        if (ra > 0) m->assumptions = (int)na;
        rc |= read_fan(e, root, m);
        rc |= pmeta_read_regions(e, root, &m->nregion, m->region_name, m->region_label);
        if ((n = cn_get(e, root, "scenario", 1, "the scenario name")) && !cn_str(e, n, &s)) m->scenario = dupstr(s);
        else rc = 1;
        rc |= cn_get_int(e, root, "replications", 1, 1, 100000000, "a count", &m->replications) < 0;
        long seed = 0;
        rc |= cn_get_int(e, root, "seed", 1, 0, 0x7fffffffffffffffL, "a seed", &seed) < 0;
        m->seed = (unsigned long long)seed;
        if (!(n = cn_get(e, root, "made", 1, "YYYY-MM-DD")) || cn_str(e, n, &s)) rc = 1;
        else if (!ptable_is_date(s)) {
            cn_error(e, n, "'%s' is not a date (expected YYYY-MM-DD, e.g. 2026-01-02)", s);
            rc = 1;
        } else snprintf(m->made, sizeof m->made, "%s", s);
        if ((n = cn_get(e, root, "policy_month", 0, "")) && cn_month(e, n, &m->policy_month)) rc = 1;
        if ((n = cn_get(e, root, "policy_label", 0, "")) && !cn_str(e, n, &s)) m->policy_label = dupstr(s);
        if ((n = cn_get(e, root, "levers", 0, "")) && cn_is_seq(e, n, "the levers, {month, label}")) {
            if (n->n > PMETA_LEVERS) {
                cn_error(e, n, "%d levers (expected at most %d)", n->n, PMETA_LEVERS);
                rc = 1;
            }
            for (int i = 0; i < n->n && i < PMETA_LEVERS; i++) {
                cnode *lv = n->kid[i], *x;
                if (!cn_is_map(e, lv, "a lever: {month, label}")) { rc = 1; continue; }
                if (!(x = cn_get(e, lv, "month", 1, "YYYY-MM")) || cn_month(e, x, &m->lever_month[m->nlever])) rc = 1;
                if (!(x = cn_get(e, lv, "label", 1, "the lever's label")) || cn_str(e, x, &s)) { rc = 1; s = ""; }
                m->lever_label[m->nlever++] = dupstr(s);
                if (cn_finish_map(e, lv)) rc = 1;
            }
        } else if (n) rc = 1;
        if ((n = cn_get(e, root, "history_source", 0, "")) && !cn_str(e, n, &s)) m->hist_source = dupstr(s);
        if ((n = cn_get(e, root, "history", 0, "")) && cn_is_seq(e, n, "observed points")) {
            m->hist = calloc((size_t)n->n + 1, sizeof *m->hist);
            m->nhist = m->hist ? n->n : 0;
            for (int i = 0; i < m->nhist; i++) {
                cnode *p = n->kid[i], *mo;
                if (!cn_is_map(e, p, "a point")) { rc = 1; continue; }
                if (!(mo = cn_get(e, p, "month", 1, "YYYY-MM")) || cn_month(e, mo, &m->hist[i].month)) rc = 1;
                rc |= cn_get_num(e, p, "value", 1, -1e12, 1e12, "a value", &m->hist[i].value) < 0;
                rc |= cn_finish_map(e, p) > 0;
            }
        }
        rc |= cn_finish_map(e, root) > 0;
    }
    cn_free(root);
    if (rc) { pmeta_free(m); return NULL; }
    return m;
}
