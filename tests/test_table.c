/* test_table.c: reading series.csv and run.yaml back, as `caseflow plot`
 * does, from damaged and hostile files.
 *
 * tests/corpus/series/ holds one small file per fault.  Each is listed
 * below either with the one message it must give (file, line, column and
 * words, exactly) or as a file that reads and draws, with what the charts
 * must then say.  A file in the folder that is not listed fails the test,
 * so the corpus and its answers stay together.  Bigger hostile files (tens
 * of megabytes, thousands of series) are made on the fly. */
#include "testutil.h"

#include <dirent.h>
#include <math.h>
#include <sys/stat.h>

#include "chart.h"
#include "plots.h"
#include "table.h"

#define CORPUS "tests/corpus/series"

typedef struct {
    const char *file;
    const char *msg; /* after "PATH:" */
} refusal;

static const refusal refused[] = {
    /* finding 2: values that are not finite, or absurd */
    { "inf.csv", "3:32: 'inf' is not a number (expected a finite decimal value such as 1234.56)" },
    { "nan.csv", "3:40: 'nan' is not a number (expected a finite decimal value such as 1234.56)" },
    { "overflow_1e309.csv", "3:17: '1e309' is out of range (expected a value between -1e12 and 1e12)" },
    { "value_beyond_1e12.csv", "3:25: '-1.5e12' is out of range (expected a value between -1e12 and 1e12)" },
    { "hex_value.csv", "3:17: '0x3fd' is not a number (expected a finite decimal value such as 1234.56)" },
    { "blank_value.csv", "3:25: '' is not a number (expected a finite decimal value such as 1234.56)" },
    { "value_with_space.csv", "3:32: ' 1022.00' is not a number (expected a finite decimal value such as 1234.56)" },
    /* finding 3: months as the scenario loader reads them */
    { "year_minus_001.csv", "3:1: '-001-07' is not a month (expected YYYY-MM, e.g. 2025-06)" },
    { "year_1899.csv", "3:1: month 1899-12 is out of range (expected YYYY-MM with 1900 <= YYYY <= 2200 and 01 <= MM <= 12)" },
    { "year_2201.csv", "3:1: month 2201-01 is out of range (expected YYYY-MM with 1900 <= YYYY <= 2200 and 01 <= MM <= 12)" },
    { "month_13.csv", "3:1: month 2025-13 is out of range (expected YYYY-MM with 1900 <= YYYY <= 2200 and 01 <= MM <= 12)" },
    { "month_plus_sign.csv", "3:1: '2025-+6' is not a month (expected YYYY-MM, e.g. 2025-06)" },
    { "month_leading_space.csv", "3:1: ' 2025-06' is not a month (expected YYYY-MM, e.g. 2025-06)" },
    { "month_one_digit.csv", "3:1: '2025-6' is not a month (expected YYYY-MM, e.g. 2025-06)" },
    /* finding 4: shape and bounds */
    { "duplicate_row.csv", "5:1: a second row for caseload.total in 2025-07 (expected one row per month and series; the first is on line 3)" },
    { "seven_fields.csv", "3:48: a seventh field (expected 6: month,series,mean,p5,p50,p95)" },
    { "five_fields.csv", "3:39: the row ends after 5 fields (expected 6: month,series,mean,p5,p50,p95)" },
    { "empty_name.csv", "3:9: empty series name (expected a name such as caseload.total)" },
    { "name_256_bytes.csv", "3:9: series name is 256 bytes long (expected at most 255)" },
    { "name_not_utf8.csv", "3:19: series name has a control character or is not UTF-8 (expected text)" },
    { "name_control_char.csv", "3:17: series name has a control character or is not UTF-8 (expected text)" },
    { "nul_byte.csv", "3:27: NUL byte (expected text)" },
    { "line_1100_bytes.csv", "3:1025: line is longer than 1024 bytes (expected month,series,mean,p5,p50,p95)" },
    { "bad_header.csv", "1:1: unexpected header (expected month,series,mean,p5,p50,p95)" },
    { "empty.csv", " empty file (expected a caseflow series.csv)" },
    { "header_only.csv", " no rows (expected a caseflow series.csv)" },
};

typedef struct {
    const char *file;
    const char *charts;   /* the charts made, in order, space-separated */
    const char *chart;    /* one of them ... */
    const char *says;     /* ... and words its alt text must hold */
} drawing;

/* Files that read and draw: each chart draws the series it finds. */
static const drawing drawn[] = {
    { "crlf_line_ends.csv", "caseload flows", "caseload.txt",
      "The projection starts at 244,209 at the end of Jun 2025 (90% interval 244,209 to 244,209). "
      "By the end of Jul 2025 the median of 27 replications is 244,306 (90% interval 243,998 to 244,650), a change of +97 (+0.0%)." },
    /* finding 1: the crash of the issue (no available FTE for officers) */
    { "partial_staff.csv", "caseload caseload_by_type flows staffing capacity", "staffing.txt",
      "(median of 27 replications, scenario corpus). Probation services officers: 2,276 needed against 2,612 available" },
    { "partial_capacity.csv", "caseload caseload_by_type flows staffing capacity", "capacity.txt",
      "threshold. Probation officers: 142% at the start, 141% at the end.\n" },
    { "months_missing.csv", "caseload caseload_by_type flows staffing capacity", "caseload.txt",
      "By the end of Sep 2025 the median of 27 replications is 244,776 (90% interval 244,268 to 244,957)" },
    { "one_month.csv", "caseload caseload_by_type staffing capacity", "caseload_by_type.txt",
      "Community orders: 51,578 at the start, 51,578 at the end." },
    { "values_at_the_limit.csv", "caseload caseload_by_type", "caseload_by_type.txt",
      "Community orders: 1,000,000,000,000 at the start, 1,000,000,000,000 at the end." },
};


/* Reads path and expects exactly one message, "PATH:" + msg. */
static void expect_refusal(const char *path, const char *msg)
{
    errlist_t e;
    errlist_init(&e);
    ptable_t *t = ptable_read_csv(path, &e);
    if (t || e.count != 1) errlist_print(&e, stderr);
    assert_null(t);
    assert_int_equal(e.count, 1);
    char *want = fmt("%s:%s", path, msg);
    assert_string_equal(e.msg[0], want);
    free(want);
    errlist_clear(&e);
}

static void corpus_files_are_refused_where_they_go_wrong(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        char path[256];
        snprintf(path, sizeof path, CORPUS "/%s", refused[i].file);
        expect_refusal(path, refused[i].msg);
    }
}

static void corpus_files_that_read_draw_what_they_have(void **state)
{
    (void)state;
    pmeta_t m = { .scenario = "corpus", .replications = 27, .seed = 11, .made = "2026-01-02", .policy_month = -1 };
    for (size_t i = 0; i < sizeof drawn / sizeof drawn[0]; i++) {
        char path[256], dir[] = "/tmp/caseflow-corpus-XXXXXX";
        snprintf(path, sizeof path, CORPUS "/%s", drawn[i].file);
        errlist_t e;
        errlist_init(&e);
        ptable_t *t = ptable_read_csv(path, &e);
        errlist_print(&e, stderr);
        assert_non_null(t);
        assert_non_null(mkdtemp(dir));
        assert_int_equal(plots_render(plots_run, t, &m, dir, PLOT_PNG, &e), 0);
        /* exactly the charts listed were made */
        char made[200] = "";
        for (const plot_def *d = plots_run; d->name; d++) {
            char p[256];
            struct stat st;
            snprintf(p, sizeof p, "%s/%s.png", dir, d->name);
            if (!stat(p, &st)) snprintf(made + strlen(made), sizeof made - strlen(made), "%s%s", made[0] ? " " : "", d->name);
        }
        if (strcmp(made, drawn[i].charts)) print_error("%s\n", drawn[i].file);
        assert_string_equal(made, drawn[i].charts);
        char p[256];
        size_t n;
        snprintf(p, sizeof p, "%s/%s", dir, drawn[i].chart);
        char *txt = slurp(p, &n);
        assert_non_null(txt);
        if (!strstr(txt, drawn[i].says)) print_error("%s: %s\n", drawn[i].file, txt);
        assert_non_null(strstr(txt, drawn[i].says));
        free(txt);
        char *cmd = fmt("rm -rf %s", dir);
        assert_int_equal(system(cmd), 0);
        free(cmd);
        ptable_free(t);
        errlist_clear(&e);
    }
    /* from fewer than 20 replications no interval is drawn or given */
    pmeta_t few = m;
    few.replications = 19;
    errlist_t e;
    errlist_init(&e);
    ptable_t *t = ptable_read_csv(CORPUS "/crlf_line_ends.csv", &e);
    char dir[] = "/tmp/caseflow-corpus-XXXXXX", p[256];
    assert_non_null(t);
    assert_non_null(mkdtemp(dir));
    assert_int_equal(plots_render(plots_run, t, &few, dir, PLOT_PNG, &e), 0);
    snprintf(p, sizeof p, "%s/caseload.txt", dir);
    char *txt = slurp(p, NULL);
    assert_null(strstr(txt, "interval 2"));
    assert_non_null(strstr(txt, "the median of 19 replications is 244,306, a change of +97"));
    assert_non_null(strstr(txt, "Too few replications (19, under 20) to estimate an interval."));
    free(txt);
    char *cmd = fmt("rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    ptable_free(t);
}

/* Every file in the corpus has its answer above. */
static void every_corpus_file_is_listed(void **state)
{
    (void)state;
    DIR *d = opendir(CORPUS);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *de; (de = readdir(d));) {
        if (de->d_name[0] == '.') continue;
        int found = 0;
        for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) found |= !strcmp(de->d_name, refused[i].file);
        for (size_t i = 0; i < sizeof drawn / sizeof drawn[0]; i++) found |= !strcmp(de->d_name, drawn[i].file);
        if (!found) print_error("%s/%s has no expected answer\n", CORPUS, de->d_name);
        assert_true(found);
        n++;
    }
    closedir(d);
    assert_int_equal(n, (int)(sizeof refused / sizeof refused[0] + sizeof drawn / sizeof drawn[0]));
}

/* A good file reads back to the values it holds; the month with no row is NAN. */
static void a_good_file_reads_back_exactly(void **state)
{
    (void)state;
    errlist_t e;
    errlist_init(&e);
    ptable_t *t = ptable_read_csv(CORPUS "/crlf_line_ends.csv", &e);
    assert_non_null(t);
    assert_int_equal(t->start, 2025 * 12 + 5);
    assert_int_equal(t->nmonth, 2);
    assert_int_equal(t->nser, 2);
    int s = ptable_find(t, "caseload.total"), r = ptable_find(t, "recalls");
    assert_int_equal(s, 0);
    assert_int_equal(r, 1);
    assert_near(ptable_row(t, s, ST_P5)[1], 243998.50, 0);
    assert_near(ptable_row(t, s, ST_P95)[1], 244650.00, 0);
    assert_near(ptable_row(t, r, ST_MEAN)[1], 1021.50, 0);
    assert_true(isnan(ptable_row(t, r, ST_P50)[0]));
    ptable_free(t);
    errlist_clear(&e);
}

/* A temporary file written by a callback; returns its path (malloc'd). */
static char *temp_csv(void (*write)(FILE *f, long arg), long arg)
{
    char *path = strdup("/tmp/caseflow-series-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs("month,series,mean,p5,p50,p95\n", f);
    write(f, arg);
    assert_int_equal(fclose(f), 0);
    return path;
}

/* The file: 3,000 series over the years -999 to 9999 once took
 * 12.5 GB.  It is refused at its first row. */
static void write_wide_years(FILE *f, long nser)
{
    for (long s = 0; s < nser; s++) fprintf(f, "-999-01,s%ld,1,1,1,1\n9999-12,s%ld,1,1,1,1\n", s, s);
}

/* Months from 1900-01 one by one: the 721st is one too many. */
static void write_months(FILE *f, long n)
{
    for (long k = 0; k < n; k++) fprintf(f, "%04ld-%02ld,caseload.total,1.5,1.25,1.5,1.75\n", 1900 + k / 12, k % 12 + 1);
}

static void write_series(FILE *f, long n)
{
    for (long s = 0; s < n; s++) fprintf(f, "2025-06,caseload.s%ld,2.5,2.25,2.5,2.75\n", s);
}

static void bounds_on_months_series_and_size(void **state)
{
    (void)state;
    char *p = temp_csv(write_wide_years, 3000);
    expect_refusal(p, "2:1: '-999-01' is not a month (expected YYYY-MM, e.g. 2025-06)");
    unlink(p);
    free(p);
    /* 720 months read; 721 do not (at the row that makes the 721st) */
    p = temp_csv(write_months, CSV_MAX_MONTHS);
    errlist_t e;
    errlist_init(&e);
    ptable_t *t = ptable_read_csv(p, &e);
    assert_non_null(t);
    assert_int_equal(t->nmonth, 720);
    assert_near(ptable_row(t, 0, ST_P95)[719], 1.75, 0);
    ptable_free(t);
    unlink(p);
    free(p);
    p = temp_csv(write_months, CSV_MAX_MONTHS + 1);
    expect_refusal(p, "722:1: months from 1900-01 to 1960-01 are 721 months (expected at most 720 in one series.csv)");
    unlink(p);
    free(p);
    /* 16,384 series read; the 16,385th is refused at its name */
    p = temp_csv(write_series, CSV_MAX_SERIES);
    t = ptable_read_csv(p, &e);
    assert_non_null(t);
    assert_int_equal(t->nser, 16384);
    assert_int_equal(ptable_find(t, "caseload.s16383"), 16383);
    ptable_free(t);
    unlink(p);
    free(p);
    p = temp_csv(write_series, CSV_MAX_SERIES + 1);
    expect_refusal(p, "16386:9: a series beyond the 16384th (expected at most 16384 series)");
    unlink(p);
    free(p);
    /* 2 GB and one byte (a sparse file: no disk used) */
    p = temp_csv(write_series, 1);
    assert_int_equal(truncate(p, CSV_MAX_BYTES + 1), 0);
    expect_refusal(p, " cannot read: larger than 2 GB (expected series.csv as caseflow run writes it)");
    unlink(p);
    free(p);
    errlist_clear(&e);
}

/* A comparison table (levels.csv) of two scenarios with 17,000 series: too
 * many series to read whole, but the few wanted are read (NAN for one the
 * file lacks), every row still checked; over 1 GB is refused. */
static void keyed_tables_keep_the_series_wanted(void **state)
{
    (void)state;
    char path[] = "/tmp/caseflow-keyed-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "scenario,month,series,mean,p5,p50,p95\n");
    for (int i = 0; i < 2; i++)
        for (long s = 0; s < 17000; s++) fprintf(f, "%s,2025-06,caseload.s%ld,%ld.5,1,%ld.25,3\n", i ? "opt" : "base", s, s + i, s + i);
    fclose(f);
    char *keys[] = { "base", "opt" };
    const char *want[] = { "caseload.s16999", "nowhere", "caseload.s7", "caseload.s7" };
    ptable_t *t[2];
    errlist_t e;
    errlist_init(&e);
    assert_int_equal(ptable_read_keyed(path, 2, keys, want, 4, t, &e), 0);
    assert_int_equal(t[1]->nser, 3);
    assert_near(ptable_row(t[1], ptable_find(t[1], "caseload.s16999"), ST_P50)[0], 17000.25, 0);
    assert_near(ptable_row(t[0], ptable_find(t[0], "caseload.s7"), ST_MEAN)[0], 7.5, 0);
    assert_true(isnan(ptable_row(t[0], ptable_find(t[0], "nowhere"), ST_P50)[0]));
    ptable_free(t[0]);
    ptable_free(t[1]);
    assert_int_equal(ptable_read_keyed(path, 2, keys, NULL, 0, t, &e), -1);
    assert_non_null(strstr(e.msg[0], "a series beyond the 16384th"));
    errlist_clear(&e);
    assert_int_equal(truncate(path, CSV_MAX_KEYED_BYTES + 1), 0);
    assert_int_equal(ptable_read_keyed(path, 2, keys, want, 4, t, &e), -1);
    assert_non_null(strstr(e.msg[0], "cannot read: larger than 1 GB (expected a comparison table as caseflow compare writes it)"));
    errlist_clear(&e);
    unlink(path);
}

/* A FIFO would block an open for ever; it is refused at once. */
static void a_fifo_is_refused_without_waiting(void **state)
{
    (void)state;
    char dir[] = "/tmp/caseflow-fifo-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *p = fmt("%s/series.csv", dir);
    assert_int_equal(mkfifo(p, 0600), 0);
    alarm(10);
    expect_refusal(p, " cannot read: not a regular file (expected series.csv as caseflow run writes it)");
    alarm(0);
    unlink(p);
    rmdir(dir);
    free(p);
}

/* run.yaml's date goes into every footer and the PDF's dates. */
static void run_yaml_made_must_be_a_date(void **state)
{
    (void)state;
    char path[64];
    write_temp(path, "scenario: \"x\"\nreplications: 3\nseed: 5\nmade: \"2026-13-01\"\n");
    errlist_t e;
    errlist_init(&e);
    assert_null(pmeta_read(path, &e));
    assert_int_equal(e.count, 1);
    char *want = fmt("%s:4:7: '2026-13-01' is not a date (expected YYYY-MM-DD, e.g. 2026-01-02)", path);
    assert_string_equal(e.msg[0], want);
    free(want);
    errlist_clear(&e);
    unlink(path);
    write_temp(path, "scenario: \"x\"\nreplications: 3\nseed: 5\nmade: \"2026-01-02\"\n");
    pmeta_t *m = pmeta_read(path, &e);
    assert_non_null(m);
    assert_string_equal(m->made, "2026-01-02");
    assert_int_equal(m->policy_month, -1);
    pmeta_free(m);
    unlink(path);
    errlist_clear(&e);
}

/* run.yaml's fan and assumption count: written, read back the same; the
 * two quartile lists go together and have the same length. */
static void run_yaml_fan_round_trip(void **state)
{
    (void)state;
    double q25[3] = { 1.25, -2.5, 30000.75 }, q75[3] = { 3.5, 4.125, 31000.5 };
    pmeta_t m = { .scenario = "x", .replications = 23, .seed = 5, .made = "2026-01-02", .policy_month = -1,
                  .assumptions = 13, .nfan = 3, .fan25 = q25, .fan75 = q75 };
    char path[64];
    write_temp(path, "");
    FILE *f = fopen(path, "w");
    assert_int_equal(pmeta_write(f, &m), 0);
    fclose(f);
    errlist_t e;
    errlist_init(&e);
    pmeta_t *r = pmeta_read(path, &e);
    assert_non_null(r);
    assert_int_equal(r->assumptions, 13);
    assert_int_equal(r->nfan, 3);
    for (int k = 0; k < 3; k++) {
        assert_near(r->fan25[k], ptable_round(q25[k]), 0);
        assert_near(r->fan75[k], ptable_round(q75[k]), 0);
    }
    pmeta_free(r);
    unlink(path);
    write_temp(path, "scenario: \"x\"\nreplications: 3\nseed: 5\nmade: \"2026-01-02\"\nfan_p25: [1, 2]\nfan_p75: [1]\n");
    assert_null(pmeta_read(path, &e));
    assert_int_equal(e.count, 1);
    char *want = fmt("%s:6:10: 1 values (expected 1 to 720, as many in fan_p25 as in fan_p75)", path);
    assert_string_equal(e.msg[0], want);
    free(want);
    errlist_clear(&e);
    unlink(path);
    write_temp(path, "scenario: \"x\"\nreplications: 3\nseed: 5\nmade: \"2026-01-02\"\nfan_p75: [1]\n");
    assert_null(pmeta_read(path, &e));
    assert_int_equal(e.count, 1);
    assert_non_null(strstr(e.msg[0], ":5:10: one of fan_p25 and fan_p75 without the other (expected both)"));
    errlist_clear(&e);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(corpus_files_are_refused_where_they_go_wrong),
        cmocka_unit_test(corpus_files_that_read_draw_what_they_have),
        cmocka_unit_test(every_corpus_file_is_listed),
        cmocka_unit_test(a_good_file_reads_back_exactly),
        cmocka_unit_test(bounds_on_months_series_and_size),
        cmocka_unit_test(keyed_tables_keep_the_series_wanted),
        cmocka_unit_test(a_fifo_is_refused_without_waiting),
        cmocka_unit_test(run_yaml_made_must_be_a_date),
        cmocka_unit_test(run_yaml_fan_round_trip),
    };
    return cmocka_run_group_tests_name("table", tests, NULL, NULL);
}
