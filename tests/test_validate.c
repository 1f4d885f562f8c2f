/* test_validate.c: the backcast comparison (validate.h) on a hand-made
 * published table and a fake set of replications, with every number worked
 * out by hand; the strict readers on malformed rows; and `caseflow
 * validate` end to end on the shipped backcast (two replications).
 *
 * The fake results: three replications r = 0, 1, 2, ten months from the end
 * of March 2024 (k = 0 .. 9), series a, b (stocks) and f (a flow):
 *   a = 100 (r + 1) + k,  b = 10 k,  f = k (r + 1)  (f is 0 in row 0, as the
 *   model leaves flows).
 * Targets: pub.stock = a + b (stock, 3%), pub.flow = f (quarter, 15%), both
 * held out after 2024-06-30. */
#include "testutil.h"

#include <math.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "validate.h"

static const char *bin(void)
{
    const char *b = getenv("CASEFLOW_BIN");
    return b ? b : "./bin/caseflow";
}

static const char TARGETS[] =
    "published_series,model_expression,kind,tolerance_pct,held_out_after,label,note\n"
    "pub.stock,a+b,stock,3,2024-06-30,A stock,\"a note, with a comma and \"\"quotes\"\"\"\n"
    "pub.flow,f,quarter,15,2024-06-30,\"A flow, per quarter\",\n";

static const char PUBLISHED[] =
    "series,date,value,unit,source,note\n"
    "pub.stock,2023-12-31,190,people,https://example.org/a,before the start\n"
    "pub.stock,2024-03-31,200,people,https://example.org/a,the starting stock\n"
    "pub.stock,2024-06-30,240,people,\"https://example.org/a\",\"fit, within 3%\"\n"
    "pub.stock,2024-09-30,250,people,https://example.org/a,held out and missed\n"
    "pub.stock,2025-03-31,260,people,https://example.org/a,after the end\n"
    "other.series,2024-06-15,1,x,y,no target: not checked for a month end\n"
    "\n"
    "pub.flow,2024-03-31,5,per quarter,s,needs Jan-Mar: before the run\n"
    "pub.flow,2024-06-30,20,per quarter,s,fit and missed\n"
    "pub.flow,2024-09-30,28,per quarter,s,held out and within\n"
    "pub.flow,2024-12-31,48,per quarter,s,held out and exact\n";

#define NREP 3
#define NMONTH 10
#define NSER 3
static const int START = 2024 * 12 + 2; /* March 2024 */

static void fake_results(double *v)
{
    for (int r = 0; r < NREP; r++)
        for (int k = 0; k < NMONTH; k++) {
            double *row = v + ((size_t)r * NMONTH + (size_t)k) * NSER;
            row[0] = 100.0 * (r + 1) + k;
            row[1] = 10.0 * k;
            row[2] = (double)k * (r + 1);
        }
}

static char *names[NSER] = { "a", "b", "f" };
static const unsigned char is_flow[NSER] = { 0, 0, 1 };

/* A temporary folder with the given files (name, text, name, text, ...,
 * NULL); a name "sub/file" makes the folder sub first. */
static char *folder(const char *first, ...)
{
    char *d = fmt("/tmp/caseflow-validate-XXXXXX");
    assert_non_null(mkdtemp(d));
    va_list ap;
    va_start(ap, first);
    for (const char *name = first; name; name = va_arg(ap, const char *)) {
        const char *text = va_arg(ap, const char *);
        char *p = fmt("%s/%s", d, name);
        char *slash = strrchr(p, '/');
        *slash = 0;
        mkdir(p, 0700); /* the folder itself or one that exists: either is fine */
        *slash = '/';
        FILE *f = fopen(p, "w");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
        free(p);
    }
    va_end(ap);
    return d;
}

static void rm_rf(char *d)
{
    char *cmd = fmt("rm -rf %s", d);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(d);
}

static validate_t *load(const char *dir, errlist_t *e)
{
    char *t = fmt("%s/targets.csv", dir), *p = fmt("%s/published", dir);
    validate_t *v = validate_load(t, p, e);
    free(t);
    free(p);
    return v;
}

/* load, with any messages shown, and a table that must have loaded */
static validate_t *load_ok(const char *dir, errlist_t *e)
{
    validate_t *v = load(dir, e);
    errlist_print(e, stderr);
    assert_non_null(v);
    return v;
}

static const vpoint_t *point(const validate_t *v, const char *series, int date)
{
    for (int i = 0; i < v->npoint; i++)
        if (!strcmp(v->t[v->p[i].target].published, series) && v->p[i].date == date) return &v->p[i];
    return NULL;
}

static void known_answers(void **state)
{
    (void)state;
    /* the flows in a second file, to read a folder of several */
    const char *split = strstr(PUBLISHED, "\npub.flow") + 1;
    char *stocks = fmt("%.*s", (int)(split - PUBLISHED), PUBLISHED);
    char *flows = fmt("series,date,value,unit,source,note\n%s", split);
    char *d = folder("targets.csv", TARGETS, "published/one.csv", stocks, "published/two.csv", flows, NULL);

    errlist_t e;
    errlist_init(&e);
    validate_t *v = load_ok(d, &e);
    assert_int_equal(v->ntarget, 2);
    assert_int_equal(v->nfile, 2);
    assert_int_equal(v->nrows, 10);   /* every row read, other.series included */
    assert_int_equal(v->npoint, 9);   /* only the targets' rows kept */
    assert_string_equal(v->t[0].note, "a note, with a comma and \"quotes\"");
    assert_string_equal(v->t[1].label, "A flow, per quarter");
    assert_int_equal(v->t[0].nterm, 2);
    assert_int_equal(validate_bind(v, NSER, names, is_flow, &e), 0);
    assert_int_equal(v->t[0].col[1], 1);

    double vals[NREP * NMONTH * NSER];
    fake_results(vals);
    assert_int_equal(validate_compare(v, vals, NREP, NMONTH, NSER, START), 0);

    /* outside the run: counted, dropped */
    assert_int_equal(v->t[0].before, 1);
    assert_int_equal(v->t[0].after, 1);
    assert_int_equal(v->t[1].before, 1); /* the quarter to March 2024 needs months before the start */
    assert_int_equal(v->t[1].after, 0);
    assert_int_equal(v->npoint, 6);

    /* stock lookup, end of March 2024 (k = 0): 100, 200, 300; the run's input */
    const vpoint_t *p = point(v, "pub.stock", 20240331);
    assert_non_null(p);
    assert_int_equal(p->period, VP_START);
    assert_near(p->p50, 200, 1e-9);
    /* end of June 2024 (k = 3): a + b = 100 (r + 1) + 33 = 133, 233, 333;
     * p5 at 0.05 x 2 = 0.1 between the first two = 143, p95 = 233 + 0.9 x 100 */
    p = point(v, "pub.stock", 20240630);
    assert_non_null(p);
    assert_int_equal(p->period, VP_FIT);
    assert_near(p->mean, 233, 1e-9);
    assert_near(p->p5, 143, 1e-9);
    assert_near(p->p50, 233, 1e-9);
    assert_near(p->p95, 323, 1e-9);
    assert_near(p->err_pct, 100.0 * (233 - 240) / 240, 1e-9); /* -2.9167%: within 3% */
    assert_true(p->within);
    /* end of September 2024 (k = 6): 166, 266, 366; 266 against 250 is +6.4% */
    p = point(v, "pub.stock", 20240930);
    assert_int_equal(p->period, VP_HELD_OUT);
    assert_near(p->err_pct, 6.4, 1e-9);
    assert_false(p->within);

    /* quarter sums: to June (k = 1..3) (1 + 2 + 3)(r + 1) = 6, 12, 18 */
    p = point(v, "pub.flow", 20240630);
    assert_int_equal(p->period, VP_FIT);
    assert_near(p->p50, 12, 1e-9);
    assert_near(p->err_pct, -40, 1e-9);
    assert_false(p->within);
    /* to September (k = 4..6): 15, 30, 45; 30 against 28 is +7.14%, within 15% */
    p = point(v, "pub.flow", 20240930);
    assert_int_equal(p->period, VP_HELD_OUT);
    assert_near(p->p50, 30, 1e-9);
    assert_near(p->p5, 16.5, 1e-9);
    assert_near(p->err_pct, 100.0 * 2 / 28, 1e-9);
    assert_true(p->within);
    /* to December (k = 7..9): 24, 48, 72; exactly the published 48 */
    p = point(v, "pub.flow", 20241231);
    assert_near(p->p50, 48, 1e-9);
    assert_near(p->err_pct, 0, 1e-9);
    assert_true(p->within);
    /* the path: no quarter before k = 3; the stock's median at k = 9 is 299 */
    assert_true(isnan(validate_path(v, 1, 2)[2]));
    assert_near(validate_path(v, 1, 2)[3], 12, 1e-9);
    assert_near(validate_path(v, 0, 2)[9], 299, 1e-9);

    /* held out: one of two stock points missed */
    assert_int_equal(validate_missed_held_out(v), 1);

    /* the tidy file and the table */
    char *out = fmt("%s/validate.csv", d);
    FILE *f = fopen(out, "w");
    assert_int_equal(validate_write_csv(f, v), 0);
    fclose(f);
    f = fopen(out, "r");
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    assert_non_null(strstr(buf, "published_series,date,period,kind,model_expression,tolerance_pct,published,"
                                "model_mean,model_p5,model_p50,model_p95,error_pct,within\n"
                                "pub.stock,2024-03-31,start,stock,a+b,3.00,200.00,200.00,110.00,200.00,290.00,0.00,\n"
                                "pub.stock,2024-06-30,fit,stock,a+b,3.00,240.00,233.00,143.00,233.00,323.00,-2.92,yes\n"
                                "pub.stock,2024-09-30,held-out,stock,a+b,3.00,250.00,266.00,176.00,266.00,356.00,6.40,no\n"
                                "pub.flow,2024-06-30,fit,quarter,f,15.00,20.00,12.00,6.60,12.00,17.40,-40.00,no\n"));
    f = fopen(out, "w");
    assert_int_equal(validate_write_table(f, v), 0);
    fclose(f);
    f = fopen(out, "r");
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    assert_non_null(strstr(buf, "pub.stock  0 of 1 (0%) within 3%\n"));
    assert_non_null(strstr(buf, "pub.flow   2 of 2 (100%) within 15%\n"));
    assert_non_null(strstr(buf, "pub.stock  1 before, 1 after\n"));
    assert_non_null(strstr(buf, "(start stock)"));
    free(out);

    errlist_clear(&e);
    validate_free(v);
    free(stocks);
    free(flows);
    rm_rf(d);
}

/* One file of published rows (after the header) against TARGETS: the one
 * message it must give, after "PATH:". */
static void refused(const char *rows, const char *want)
{
    char *text = fmt("series,date,value,unit,source,note\n%s", rows);
    char *d = folder("targets.csv", TARGETS, "pub.csv", text, NULL);
    char *t = fmt("%s/targets.csv", d), *p = fmt("%s/pub.csv", d);
    errlist_t e;
    errlist_init(&e);
    validate_t *v = validate_read_targets(t, &e);
    assert_non_null(v);
    assert_int_equal(validate_read_published(v, p, &e), -1);
    assert_int_equal(e.count, 1);
    char *msg = fmt("%s:%s", p, want);
    if (strcmp(e.msg[0], msg)) print_error("got  %s\nwant %s\n", e.msg[0], msg);
    assert_string_equal(e.msg[0], msg);
    free(msg);
    errlist_clear(&e);
    validate_free(v);
    free(t);
    free(p);
    free(text);
    rm_rf(d);
}

static void strict_published_reader(void **state)
{
    (void)state;
    refused("pub.stock,2024-06-30,12a,people,src,note\n",
            "2:22: '12a' is not a number (expected a decimal value such as 13289 or 7.5)");
    refused("pub.stock,2024-06-30,1,u,\"src,note\n",
            "2:26: a quoted field is not closed on its line (expected a closing \")");
    refused("pub.stock,2024-06-30,1,u,\"src\"x,note\n",
            "2:31: text after a closing quote (expected a comma or the end of the line)");
    refused("pub.stock,2024-06-30,1,u,src\n",
            "2:29: the row ends after 5 fields (expected 6: series,date,value,unit,source,note)");
    refused("pub.stock,2024-06-30,1,u,src,note,more\n",
            "2:34: more than 6 fields (expected series,date,value,unit,source,note)");
    refused("pub.stock,2024-02-30,1,u,src,note\n",
            "2:11: 2024-02-30 is not a day (expected YYYY-MM-DD with 1900 <= YYYY <= 2200)");
    refused("pub.stock,30/06/2024,1,u,src,note\n",
            "2:11: '30/06/2024' is not a date (expected YYYY-MM-DD, e.g. 2024-06-30)");
    refused("pub stock,2024-06-30,1,u,src,note\n",
            "2:1: 'pub stock' is not a series name (expected 1 to 255 letters, digits, '_', '.' or '-')");
    refused("pub.stock,2024-06-30,inf,u,src,note\n",
            "2:22: 'inf' is not a number (expected a decimal value such as 13289 or 7.5)");
    refused("pub.stock,2024-06-30,2e12,u,src,note\n",
            "2:22: '2e12' is out of range (expected a value between -1e12 and 1e12)");
    refused("pub.stock,2024-06-30,1,u,sr\"c,note\n",
            "2:28: a quote inside an unquoted field (expected the whole field in quotes, with \"\" for a quote)");
    /* a series no target uses is still checked for shape, but not for month ends */
    refused("other,2024-06-15,1,u,src,note\nother,2024-06-15,x,u,src,note\n",
            "3:18: 'x' is not a number (expected a decimal value such as 13289 or 7.5)");
    /* for the targets' series: a stock at a month end, a flow at a quarter end, once */
    refused("pub.stock,2024-06-15,1,u,src,note\n",
            "2:11: 2024-06-15 is not the last day of a month (expected one: the target for pub.stock is a month-end stock)");
    refused("pub.flow,2024-05-31,1,u,src,note\n",
            "2:10: 2024-05-31 is not the last day of a calendar quarter (expected one: the target for pub.flow is a quarter's flow)");
    refused("series,date,value,unit,source,note\n", "2:8: 'date' is not a date (expected YYYY-MM-DD, e.g. 2024-06-30)");
    /* a row that is too long, and a NUL byte */
    char *longrow = malloc(5000);
    memset(longrow, 'x', 4999);
    longrow[4999] = 0;
    char *rows = fmt("pub.stock,2024-06-30,1,u,src,%s\n", longrow);
    refused(rows, "2:4097: line is longer than 4096 bytes");
    free(rows);
    free(longrow);
}

static void duplicates_and_headers(void **state)
{
    (void)state;
    const char *one = "series,date,value,unit,source,note\npub.stock,2024-06-30,1,u,s,n\n";
    char *d = folder("targets.csv", TARGETS, "a.csv", one, "b.csv", one, "bad.csv", "series,date,value\n", NULL);
    char *t = fmt("%s/targets.csv", d), *a = fmt("%s/a.csv", d), *b = fmt("%s/b.csv", d), *bad = fmt("%s/bad.csv", d);
    errlist_t e;
    errlist_init(&e);
    validate_t *v = validate_read_targets(t, &e);
    assert_int_equal(validate_read_published(v, a, &e), 0);
    assert_int_equal(validate_read_published(v, b, &e), -1);
    char *msg = fmt("%s:2:1: a second figure for pub.stock on 2024-06-30 (expected one; the first is at %s:2)", b, a);
    assert_string_equal(e.msg[0], msg);
    free(msg);
    errlist_clear(&e);
    assert_int_equal(validate_read_published(v, bad, &e), -1);
    msg = fmt("%s:1:1: unexpected header (expected series,date,value,unit,source,note)", bad);
    assert_string_equal(e.msg[0], msg);
    free(msg);
    errlist_clear(&e);
    /* pub.flow has no figures at all */
    assert_int_equal(validate_check_published(v, &e), -1);
    msg = fmt("%s:3:1: no published figures for pub.flow in the 3 files read (expected rows of that series)", t);
    assert_string_equal(e.msg[0], msg);
    free(msg);
    errlist_clear(&e);
    validate_free(v);
    free(t);
    free(a);
    free(b);
    free(bad);
    rm_rf(d);
}

/* A series taken away (" - "), spaces around the names: at the end of June
 * 2024 (k = 3) a - b = 100 (r + 1) + 3 - 30 = 73, 173, 273, so the median
 * 173 against the published 170 is +1.7647%; at the start (k = 0) 200 - 0. */
static void a_series_taken_away(void **state)
{
    (void)state;
    char *d = folder("targets.csv",
                     "published_series,model_expression,kind,tolerance_pct,held_out_after,label,note\n"
                     "pub.diff, a - b ,stock,3,2024-06-30,A difference,\n",
                     "published/one.csv",
                     "series,date,value,unit,source,note\npub.diff,2024-03-31,200,people,s,\npub.diff,2024-06-30,170,people,s,\n",
                     NULL);
    errlist_t e;
    errlist_init(&e);
    validate_t *v = load_ok(d, &e);
    assert_int_equal(v->t[0].nterm, 2);
    assert_int_equal(v->t[0].sign[0], 1);
    assert_int_equal(v->t[0].sign[1], -1);
    assert_int_equal(validate_bind(v, NSER, names, is_flow, &e), 0);
    double vals[NREP * NMONTH * NSER];
    fake_results(vals);
    assert_int_equal(validate_compare(v, vals, NREP, NMONTH, NSER, START), 0);
    const vpoint_t *p = point(v, "pub.diff", 20240331);
    assert_non_null(p);
    assert_near(p->p50, 200, 1e-9);
    p = point(v, "pub.diff", 20240630);
    assert_non_null(p);
    assert_near(p->p50, 173, 1e-9);
    assert_near(p->mean, 173, 1e-9);
    assert_near(p->err_pct, 100.0 * 3 / 170, 1e-9);
    validate_free(v);
    errlist_clear(&e);
    rm_rf(d);
}

/* The targets file: one message for each fault, at its column. */
static void target_refused(const char *row, const char *want)
{
    char *text = fmt("published_series,model_expression,kind,tolerance_pct,held_out_after,label,note\n%s", row);
    char *d = folder("targets.csv", text, NULL);
    char *t = fmt("%s/targets.csv", d);
    errlist_t e;
    errlist_init(&e);
    validate_t *v = validate_read_targets(t, &e);
    if (v) assert_int_equal(validate_bind(v, NSER, names, is_flow, &e), -1);
    validate_free(v);
    assert_int_equal(e.count, 1);
    char *msg = fmt("%s:%s", t, want);
    if (strcmp(e.msg[0], msg)) print_error("got  %s\nwant %s\n", e.msg[0], msg);
    assert_string_equal(e.msg[0], msg);
    free(msg);
    errlist_clear(&e);
    free(t);
    free(text);
    rm_rf(d);
}

static void strict_targets_reader(void **state)
{
    (void)state;
    target_refused("p,a+c,stock,3,2024-06-30,l,n\n", "2:5: the model has no series c (expected a name from series.csv)");
    target_refused("p,a+f,stock,3,2024-06-30,l,n\n", "2:5: f is a flow (expected a stock for a stock target)");
    target_refused("p,a,quarter,3,2024-06-30,l,n\n", "2:3: a is a stock (expected a flow for a quarter target)");
    target_refused("p,a,flow,3,2024-06-30,l,n\n", "2:5: 'flow' is not a kind (expected stock or quarter)");
    target_refused("p,a,stock,0,2024-06-30,l,n\n", "2:11: tolerance 0% is out of range (expected more than 0, at most 100)");
    target_refused("p,a - c,stock,3,2024-06-30,l,n\n", "2:7: the model has no series c (expected a name from series.csv)");
    target_refused("p,\"a - c\",stock,3,2024-06-30,l,n\n", "2:8: the model has no series c (expected a name from series.csv)");
    target_refused("p,a-b,stock,3,2024-06-30,l,n\n", "2:3: the model has no series a-b (expected a name from series.csv)");
    target_refused("p,a++b,stock,3,2024-06-30,l,n\n",
                   "2:5: '' is not a model series name (expected 1 to 255 letters, digits, '_', '.' or '-')");
    target_refused("p,a,stock,3,2024-06-31,l,n\n", "2:13: 2024-06-31 is not a day (expected YYYY-MM-DD with 1900 <= YYYY <= 2200)");
    target_refused("p,a,stock,3,2024-06-30,l,n\np,b,stock,3,2024-06-30,l,n\n",
                   "3:1: a second target for p (expected one; the first is on line 2)");
    target_refused("p,a,stock,3,2024-06-30,l\n",
                   "2:25: the row ends after 6 fields (expected 7: published_series,model_expression,kind,tolerance_pct,"
                   "held_out_after,label,note)");
}

/* Runs caseflow with args; the exit code. */
static int run(const char *args)
{
    char *cmd = fmt("%s %s >/dev/null 2>&1", bin(), args);
    int rc = system(cmd);
    free(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static int exists(const char *dir, const char *name)
{
    char *p = fmt("%s/%s", dir, name);
    struct stat st;
    int ok = stat(p, &st) == 0 && st.st_size > 0;
    free(p);
    return ok;
}

/* The shipped backcast, two replications: exit 0 however many points miss;
 * the tidy file, the table and a chart with alt text per target; the same
 * OUTDIR again. */
static void validate_command_end_to_end(void **state)
{
    (void)state;
    char *d = fmt("/tmp/caseflow-validate-XXXXXX");
    assert_non_null(mkdtemp(d));
    char *args = fmt("validate -n 2 -q -o %s/out", d);
    assert_int_equal(run(args), 0);
    char *out = fmt("%s/out", d);
    assert_true(exists(out, "validate.csv"));
    assert_true(exists(out, "validate.txt"));
    assert_true(exists(out, "series.csv"));
    assert_true(exists(out, "caseload_total.png"));
    assert_true(exists(out, "caseload_total.txt"));
    assert_true(exists(out, "recalls.png"));
    assert_true(exists(out, "custody_recalled.png"));
    assert_int_equal(run(args), 0); /* validate.csv is caseflow's own: the folder is replaced */
    free(args);
    args = fmt("validate scenarios/no-such.yaml -n 2 -q -o %s/x", d);
    assert_int_equal(run(args), 2);
    free(args);
    assert_int_equal(run("run scenarios/baseline.yaml --strict -n 1"), 2); /* --strict is validate's */
    assert_int_equal(run("validate a.yaml b.yaml"), 2);
    free(out);
    rm_rf(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_answers),
        cmocka_unit_test(strict_published_reader),
        cmocka_unit_test(duplicates_and_headers),
        cmocka_unit_test(a_series_taken_away),
        cmocka_unit_test(strict_targets_reader),
        cmocka_unit_test(validate_command_end_to_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
