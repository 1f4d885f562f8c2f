/* table.c: series tables for charts, and reading series.csv and run.yaml. */
#include "table.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "policy.h"
#include "results.h"
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

ptable_t *ptable_from_results(const void *results)
{
    const results_t *r = results;
    ptable_t *t = ptable_create(r->sc->start, r->nmonth, r->nser);
    if (!t) return NULL;
    for (int s = 0; s < r->nser; s++) {
        t->name[s] = dupstr(r->lay->name[s]);
        if (!t->name[s]) { ptable_free(t); return NULL; }
        const double *src[ST_N] = { r->mean, r->p5, r->p50, r->p95 };
        for (int st = 0; st < ST_N; st++)
            for (int k = 0; k < r->nmonth; k++) {
                if (k == 0 && r->lay->is_flow[s]) continue; /* not in the CSV either */
                ptable_row(t, s, st)[k] = ptable_round(src[st][results_at(r, k, s)]);
            }
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

pmeta_t *pmeta_from_scenario(const scenario_t *s, long reps, unsigned long long seed, const char *made)
{
    pmeta_t *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->scenario = dupstr(s->name);
    m->replications = reps;
    m->seed = seed;
    snprintf(m->made, sizeof m->made, "%s", made);
    m->policy_month = -1;
    if (s->nhistory) {
        m->hist = malloc((size_t)s->nhistory * sizeof *m->hist);
        if (m->hist) {
            memcpy(m->hist, s->history, (size_t)s->nhistory * sizeof *m->hist);
            m->nhist = s->nhistory;
        }
        m->hist_source = s->history_source ? dupstr(s->history_source) : NULL;
    }
    int first = -1;
    for (int i = 0; i < s->nlevers; i++)
        if (first < 0 || s->levers[i].from < s->levers[first].from) first = i;
    if (first >= 0) {
        static const char *const labels[LV_N] = {
            "Presumption against short sentences", "New release point", "PSS ends",
            "Recall rules change", "Volumes change", "Reports change", "Active supervision shortened", "Staffing changes",
            "A rule changes"
        };
        m->policy_month = s->levers[first].from_month;
        m->policy_label = dupstr(labels[s->levers[first].kind]);
    }
    if (!m->scenario) { pmeta_free(m); return NULL; }
    return m;
}

/* ---- series.csv ----------------------------------------------------------- */

typedef struct { int month; int ser; double v[4]; } row_t;

ptable_t *ptable_read_csv(const char *path, errlist_t *e)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        errlist_add(e, path, 0, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    char line[1024];
    int ln = 0, nrow = 0, caprow = 0, nname = 0, capname = 0, mmin = 1 << 30, mmax = -1, bad = 0;
    row_t *rows = NULL;
    char **names = NULL;
    while (fgets(line, sizeof line, f)) {
        ln++;
        line[strcspn(line, "\r\n")] = 0;
        if (ln == 1) {
            if (strcmp(line, "month,series,mean,p5,p50,p95")) {
                errlist_add(e, path, 1, 1, "unexpected header (expected month,series,mean,p5,p50,p95)");
                bad = 1;
                break;
            }
            continue;
        }
        if (!line[0]) continue;
        char *fld[6];
        int nf = 0;
        for (char *p = line; nf < 6; nf++) {
            fld[nf] = p;
            p = strchr(p, ',');
            if (!p) { nf++; break; }
            *p++ = 0;
        }
        int y, mo;
        char tail;
        if (nf != 6 || sscanf(fld[0], "%4d-%2d%c", &y, &mo, &tail) != 2 || mo < 1 || mo > 12) {
            errlist_add(e, path, ln, 1, "malformed row (expected YYYY-MM,series,mean,p5,p50,p95)");
            bad = 1;
            break;
        }
        row_t r = { y * 12 + mo - 1, -1, { 0, 0, 0, 0 } };
        for (int k = 0; k < 4; k++) {
            char *end;
            r.v[k] = strtod(fld[2 + k], &end);
            if (end == fld[2 + k] || *end) {
                errlist_add(e, path, ln, (int)(fld[2 + k] - line) + 1, "'%s' is not a number (expected a value)", fld[2 + k]);
                bad = 1;
            }
        }
        if (bad) break;
        for (int i = nname - 1; i >= 0 && r.ser < 0; i--)
            if (!strcmp(names[i], fld[1])) r.ser = i;
        if (r.ser < 0) {
            if (nname == capname) {
                capname = capname ? 2 * capname : 64;
                char **p = realloc(names, (size_t)capname * sizeof *p);
                if (!p) { bad = 1; break; }
                names = p;
            }
            names[nname] = dupstr(fld[1]);
            r.ser = nname++;
        }
        if (nrow == caprow) {
            caprow = caprow ? 2 * caprow : 1024;
            row_t *p = realloc(rows, (size_t)caprow * sizeof *p);
            if (!p) { bad = 1; break; }
            rows = p;
        }
        rows[nrow++] = r;
        if (r.month < mmin) mmin = r.month;
        if (r.month > mmax) mmax = r.month;
    }
    fclose(f);
    ptable_t *t = NULL;
    if (!bad && nrow == 0) errlist_add(e, path, 0, 0, "no rows (expected a caseflow series.csv)");
    else if (!bad && (t = ptable_create(mmin, mmax - mmin + 1, nname))) {
        for (int i = 0; i < nname; i++) { t->name[i] = names[i]; names[i] = NULL; }
        for (int i = 0; i < nrow; i++)
            for (int k = 0; k < 4; k++) ptable_row(t, rows[i].ser, k)[rows[i].month - mmin] = rows[i].v[k];
    }
    for (int i = 0; i < nname; i++) free(names[i]);
    free(names);
    free(rows);
    return t;
}

/* ---- run.yaml -------------------------------------------------------------- */

static void put_str(FILE *f, const char *key, const char *s)
{
    fprintf(f, "%s: \"", key);
    for (const char *p = s; p && *p; p++) {
        if (*p == '"' || *p == '\\') fputc('\\', f);
        if ((unsigned char)*p >= 32) fputc(*p, f);
    }
    fputs("\"\n", f);
}

int pmeta_write(FILE *f, const void *meta)
{
    const pmeta_t *m = meta;
    char mon[8];
    fprintf(f, "# What caseflow's charts need to be redrawn (caseflow plot OUTDIR).\n");
    put_str(f, "scenario", m->scenario);
    fprintf(f, "replications: %ld\nseed: %llu\n", m->replications, m->seed);
    put_str(f, "made", m->made);
    if (m->policy_month >= 0) {
        month_label(m->policy_month, mon);
        fprintf(f, "policy_month: %s\n", mon);
        put_str(f, "policy_label", m->policy_label ? m->policy_label : "");
    }
    if (m->nhist) {
        put_str(f, "history_source", m->hist_source ? m->hist_source : "");
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
    free(m->scenario);
    free(m->hist);
    free(m->hist_source);
    free(m->policy_label);
    free(m);
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
        if ((n = cn_get(e, root, "scenario", 1, "the scenario name")) && !cn_str(e, n, &s)) m->scenario = dupstr(s);
        else rc = 1;
        rc |= cn_get_int(e, root, "replications", 1, 1, 100000000, "a count", &m->replications) < 0;
        long seed = 0;
        rc |= cn_get_int(e, root, "seed", 1, 0, 0x7fffffffffffffffL, "a seed", &seed) < 0;
        m->seed = (unsigned long long)seed;
        if ((n = cn_get(e, root, "made", 1, "YYYY-MM-DD")) && !cn_str(e, n, &s)) snprintf(m->made, sizeof m->made, "%s", s);
        else rc = 1;
        if ((n = cn_get(e, root, "policy_month", 0, "")) && cn_month(e, n, &m->policy_month)) rc = 1;
        if ((n = cn_get(e, root, "policy_label", 0, "")) && !cn_str(e, n, &s)) m->policy_label = dupstr(s);
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
