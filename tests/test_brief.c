/* test_brief.c: `caseflow brief` on a comparison's folder makes an A4 PDF
 * whose text has the headline, the decision table and the assumptions
 * register; the folder also holds the scenarios as they ran.  `caseflow
 * plot` on the same folder redraws the comparison's charts from its files,
 * and refuses a bad file with FILE:LINE:COLUMN, leaving the folder as it was.
 * With regions, the brief has a page "Which regions are full" (the table
 * and regions_change); without, neither. */
#include <math.h>

#include "testutil.h"

#include "cview.h"

#include <sys/stat.h>
#include <sys/wait.h>

static char *run_out(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 16, n = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    size_t got;
    while ((got = fread(s + n, 1, cap - n - 1, p)) > 0) {
        n += got;
        if (n + 1 >= cap) {
            s = realloc(s, cap *= 2);
            assert_non_null(s);
        }
    }
    s[n] = 0;
    assert_int_equal(pclose(p), 0);
    return s;
}

/* Writes dir/STEM.yaml for each of the two stems, holding text[i]. */
static void write_two(const char *dir, const char *const stems[2], const char *const text[2])
{
    for (int i = 0; i < 2; i++) {
        char *path = fmt("%s/%s.yaml", dir, stems[i]);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(text[i], f);
        fclose(f);
        free(path);
    }
}

/* Makes the folder dir (a mkdtemp template) with short copies of two
 * shipped scenarios, dir/pre-act.yaml and dir/presumption-short-sentences.yaml
 * (same seed, so paired). */
/* The program under test (make test sets CASEFLOW_BIN). */
static const char *caseflow_bin(void)
{
    const char *bin = getenv("CASEFLOW_BIN");
    return bin ? bin : "./bin/caseflow";
}

static void short_pair(char *dir, int horizon)
{
    char cwd[2048];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_non_null(mkdtemp(dir));
    static const char *const stems[] = { "pre-act", "presumption-short-sentences" };
    char *t[2];
    for (int i = 0; i < 2; i++) t[i] = fmt("extends: %s/scenarios/%s.yaml\nhorizon_months: %d\n", cwd, stems[i], horizon);
    write_two(dir, stems, (const char *const *)t);
    free(t[0]);
    free(t[1]);
}

/* The brief keeps compare's note that an option is not built on the base
 * (presumption-short-sentences.yaml extends the law before the Act, the
 * base here is current law): it sat above the option's first group of
 * lines and was dropped, so the brief read as the option's own effect. */
static void a_brief_keeps_the_not_built_on_the_base_note(void **state)
{
    (void)state;
    const char *bin = caseflow_bin();
    char dir[] = "/tmp/caseflow-brief-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cwd[2048];
    assert_non_null(getcwd(cwd, sizeof cwd));
    static const char *const stems[] = { "baseline", "presumption-short-sentences" };
    char *t[2];
    for (int i = 0; i < 2; i++) t[i] = fmt("extends: %s/scenarios/%s.yaml\nhorizon_months: 12\n", cwd, stems[i]);
    write_two(dir, stems, (const char *const *)t);
    free(t[0]);
    free(t[1]);
    char *cmd = fmt("%s compare %s/baseline.yaml %s/presumption-short-sentences.yaml -n 2 -j 2 -q --central -o %s/out >/dev/null && "
                    "%s brief %s/out >/dev/null", bin, dir, dir, dir, bin, dir);
    int rc = system(cmd);
    assert_true(WIFEXITED(rc) && WEXITSTATUS(rc) == 0);
    free(cmd);
    cmd = fmt("pdftotext %s/out/brief.pdf -", dir);
    char *text = run_out(cmd);
    free(cmd);
    const char *note = strstr(text, "NOTE: this policy lacks");
    if (!note) fail_msg("brief.pdf's text lacks the note:\n%.1500s", text);
    assert_true(note < strstr(text, "By the end of"));
    free(text);
    cmd = fmt("rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

static void brief_of_a_comparison(void **state)
{
    (void)state;
    const char *bin = caseflow_bin();
    char dir[] = "/tmp/caseflow-brief-XXXXXX";
    short_pair(dir, 30);
    char *cmd = fmt("%s compare %s/pre-act.yaml %s/presumption-short-sentences.yaml -n 2 -j 2 -q -o %s/out >/dev/null && "
                    "%s brief %s/out >/dev/null", bin, dir, dir, dir, bin, dir);
    int rc = system(cmd);
    assert_true(WIFEXITED(rc) && WEXITSTATUS(rc) == 0);
    free(cmd);
    /* the assumptions travel with the results */
    static const char *const files[] = { "scenario-pre-act.yaml", "scenario-presumption-short-sentences.yaml",
                                         "check-presumption-short-sentences.txt", "params-pre-act.txt", "made.txt",
                                         "decision.csv", "capacity_compare.png", "staffing_compare.png",
                                         "gap_difference.png", "gap_cost_difference.png", "regions_change.png", "brief.pdf" };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *p = fmt("%s/out/%s", dir, files[i]);
        struct stat st;
        if (stat(p, &st)) fail_msg("%s is missing", files[i]);
        free(p);
    }
    cmd = fmt("pdfinfo %s/out/brief.pdf", dir);
    char *info = run_out(cmd);
    free(cmd);
    assert_non_null(strstr(info, "595.276 x 841.89 pts (A4)"));
    free(info);
    cmd = fmt("pdftotext -layout %s/out/brief.pdf -", dir);
    char *text = run_out(cmd);
    free(cmd);
    static const char *const want[] = {
        "Headline", "the policy adds", "Staff needed", "of the staff the option adds",
        "Decision table", "Caseload change (people)", "first month under 110%", "first month under 100%",
        "peak caseload change", "lasting caseload",
        "Assumptions register", "ASSUMPTION", "Option presumption-short-sentences: what differs from the base",
        "presumption_short_sentences from 2026-03-22",
        "Figure 1.", "Alt text", "How the numbers were made", "Command: caseflow compare",
        /* the scenarios have regions: the regional page, its table and chart */
        "Which regions are full", "People under supervision and workload as % of capacity", "Kent, Surrey and Sussex",
        "Over 110%", "Change in each region's caseload from each option",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(text, want[i])) fail_msg("brief.pdf's text lacks '%s'", want[i]);
    free(text);
    /* the decision table is set at 7 pt or more (its widest line, 125
     * characters, used to shrink all of it to 6.4 pt; with a region list
     * in it, to 2.5): every word from its heading to the next section's is
     * at least 8.1 pt high, DejaVu Sans Mono's box at 7 pt (1.163 em) */
    cmd = fmt("pdftotext -bbox %s/out/brief.pdf -", dir);
    char *box = run_out(cmd);
    free(cmd);
    const char *q = strstr(box, ">Decision</word>");
    assert_non_null(q);
    const char *end = strstr(q, ">Assumptions</word>");
    assert_non_null(end);
    int words = 0;
    double lowest = 1e9;
    for (const char *w = q; (w = strstr(w, "<word ")) && w < end; w++) {
        double x0, y0, x1, y1;
        assert_int_equal(sscanf(w, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"", &x0, &y0, &x1, &y1), 4);
        lowest = fmin(lowest, y1 - y0);
        words++;
    }
    if (words < 100 || lowest < 8.1) fail_msg("decision table: %d words, the smallest %.2f pt high", words, lowest);
    free(box);
    /* two replications are too few for an interval: the charts' alt texts
     * give none and say why */
    static const char *const alts[] = { "difference", "caseload_compare", "capacity_compare", "gap_difference" };
    for (size_t i = 0; i < sizeof alts / sizeof alts[0]; i++) {
        char *p = fmt("%s/out/%s.txt", dir, alts[i]), *alt = slurp(p, NULL);
        if (strstr(alt, "90% interval")) fail_msg("%s.txt gives a 90%% interval from 2 replications", alts[i]);
        if (!strstr(alt, "oo few replications")) fail_msg("%s.txt does not say the replications are too few", alts[i]);
        free(alt);
        free(p);
    }
    cmd = fmt("rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}


/* Fails unless DIR/out/NAME is still there after a redraw, the same bytes
 * as the copy taken before it in DIR/first/NAME. */
static void same_after_redraw(const char *dir, const char *name)
{
    char *a = fmt("%s/first/%s", dir, name), *b = fmt("%s/out/%s", dir, name);
    char *x = slurp(a, NULL), *y = slurp(b, NULL);
    if (!x) fail_msg("%s was not copied before the redraw", name);
    if (!y) fail_msg("%s is gone after the redraw", name);
    if (strcmp(x, y)) fail_msg("%s differs after the redraw", name);
    free(x); free(y); free(a); free(b);
}

/* `caseflow plot` on a run's folder redraws its charts and keeps every
 * other file it had, the same bytes (the scenario's record, made.txt, the
 * summary and the series). */
static void plot_keeps_a_runs_files(void **state)
{
    (void)state;
    const char *bin = caseflow_bin();
    char dir[] = "/tmp/caseflow-replot-run-XXXXXX";
    short_pair(dir, 12);
    char *cmd = fmt("%s run %s/pre-act.yaml -n 2 -j 2 -q -o %s/out >/dev/null && mkdir %s/first && "
                    "cp %s/out/*.txt %s/out/*.yaml %s/out/*.csv %s/first/ && rm %s/out/caseload.png && %s plot %s/out",
                    bin, dir, dir, dir, dir, dir, dir, dir, dir, bin, dir);
    int rc = system(cmd);
    assert_true(WIFEXITED(rc) && WEXITSTATUS(rc) == 0);
    free(cmd);
    static const char *const kept[] = { "made.txt", "scenario.yaml", "params.txt", "check.txt", "summary.txt",
                                        "series.csv", "run.yaml", "caseload.txt" };
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) same_after_redraw(dir, kept[i]);
    char *png = fmt("%s/out/caseload.png", dir);
    struct stat st;
    if (stat(png, &st)) fail_msg("caseload.png was not redrawn");
    free(png);
    cmd = fmt("rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

static void plot_redraws_a_comparison(void **state)
{
    (void)state;
    const char *bin = caseflow_bin();
    char dir[] = "/tmp/caseflow-replot-XXXXXX";
    short_pair(dir, 20);
    char *cmd = fmt("%s compare %s/pre-act.yaml %s/presumption-short-sentences.yaml -n 2 -j 2 -q -o %s/out >/dev/null && "
                    "mkdir %s/first && cp %s/out/*.txt %s/first/ && rm %s/out/*.png && %s plot %s/out",
                    bin, dir, dir, dir, dir, dir, dir, dir, bin, dir);
    int rc = system(cmd);
    assert_true(WIFEXITED(rc) && WEXITSTATUS(rc) == 0);
    free(cmd);
    /* every chart again, and its alt text the same bytes as the first time
     * (the presumption's lever is of 22 March: its charts read whole
     * months from April, which only compare.yaml's counts_from carries) */
    static const char *const charts[] = { "difference", "caseload_compare", "capacity_compare", "staffing_compare",
                                          "gap_difference", "gap_cost_difference", "regions_change" };
    for (size_t i = 0; i < sizeof charts / sizeof charts[0]; i++) {
        char *png = fmt("%s/out/%s.png", dir, charts[i]), *txt = fmt("%s.txt", charts[i]);
        struct stat st;
        if (stat(png, &st)) fail_msg("%s.png was not redrawn", charts[i]);
        same_after_redraw(dir, txt);
        free(png); free(txt);
    }
    /* a bad month in levels.csv: FILE:LINE:COLUMN, exit 2, nothing changed */
    cmd = fmt("sed -i '3s/,2025-06,/,2025-6,/' %s/out/levels.csv && rm %s/out/difference.png && "
              "%s plot %s/out 2>%s/err.txt", dir, dir, bin, dir, dir);
    rc = system(cmd);
    assert_true(WIFEXITED(rc) && WEXITSTATUS(rc) == 2);
    free(cmd);
    char *p = fmt("%s/err.txt", dir), *err = slurp(p, NULL), *want = fmt("%s/out/levels.csv:3:9: '2025-6' is not a month", dir);
    if (!strstr(err, want)) fail_msg("unexpected message: %s", err);
    free(p); free(err); free(want);
    p = fmt("%s/out/difference.png", dir);
    struct stat st;
    assert_int_not_equal(stat(p, &st), 0);   /* the folder as it was: not redrawn */
    free(p);
    /* counts_from that is not the month after first_lever: its line and column */
    cmd = fmt("sed -i '3s/,2025-6,/,2025-06,/' %s/out/levels.csv && sed -i 's/counts_from: 2026-04/counts_from: 2030-01/' %s/out/compare.yaml && "
              "%s plot %s/out 2>%s/err.txt", dir, dir, bin, dir, dir);
    rc = system(cmd);
    assert_true(WIFEXITED(rc) && WEXITSTATUS(rc) == 2);
    free(cmd);
    p = fmt("%s/err.txt", dir);
    err = slurp(p, NULL);
    want = fmt("%s/out/compare.yaml:", dir);
    if (!strstr(err, want) || !strstr(err, ": counts_from without first_lever, or not the month after it")) fail_msg("unexpected message: %s", err);
    free(p); free(err); free(want);
    /* a folder made before the staff short (no derived.fte_short or
     * derived.cost_short rows) still redraws, with the net gap */
    cmd = fmt("sed -i 's/counts_from: 2030-01/counts_from: 2026-04/' %s/out/compare.yaml && "
              "sed -i '/,derived\\.\\(fte\\|cost\\)_short,/d' %s/out/levels.csv %s/out/difference.csv && "
              "! grep -q derived.fte_short %s/out/levels.csv && %s plot %s/out >/dev/null 2>%s/err.txt", dir, dir, dir, dir, bin, dir, dir);
    rc = system(cmd);
    assert_true(WIFEXITED(rc) && WEXITSTATUS(rc) == 0);
    free(cmd);
    p = fmt("%s/out/staffing_compare.txt", dir);
    char *alt = slurp(p, NULL);
    if (!alt || strstr(alt, "staff short") || !strstr(alt, "net gap")) fail_msg("staffing_compare.txt of an old folder: %s", alt);
    free(alt);
    free(p);
    cmd = fmt("rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

/* A comparison of two small scenarios without regions draws no
 * regions_change, lists no regions in compare.yaml, and its brief has no
 * regional page. */
static void no_regions_no_page(void **state)
{
    (void)state;
    const char *bin = caseflow_bin();
    char dir[] = "/tmp/caseflow-brief-plain-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *y = small_scenario(0.03, 0.5, NULL), *yb = small_scenario(0.03, 0.5, "short_name: Option b\n");
    static const char *const stems[] = { "a", "b" };
    const char *const text[] = { y, yb };
    write_two(dir, stems, text);
    free(y);
    free(yb);
    char *cmd = fmt("%s compare %s/a.yaml %s/b.yaml -n 2 -q --format png,pdf -o %s/out >/dev/null && %s brief %s/out >/dev/null", bin,
                    dir, dir, dir, bin, dir);
    int rc = system(cmd);
    assert_true(WIFEXITED(rc) && WEXITSTATUS(rc) == 0);
    free(cmd);
    char *p = fmt("%s/out/regions_change.png", dir);
    struct stat st;
    assert_int_not_equal(stat(p, &st), 0);
    free(p);
    p = fmt("%s/out/compare.yaml", dir);
    char *cy = slurp(p, NULL);
    if (strstr(cy, "regions:")) fail_msg("compare.yaml lists regions: %s", cy);
    /* the option's short name goes to compare.yaml (the base has none) and
     * comes back for a redraw; a scenario without one is labelled by name */
    const char *sn = strstr(cy, "short_name: \"Option b\"");
    if (!sn || strstr(sn + 1, "short_name:") || strstr(cy, "short_name:") != sn) fail_msg("short names in compare.yaml: %s", cy);
    free(cy);
    free(p);
    p = fmt("%s/out", dir);
    errlist_t e;
    errlist_init(&e);
    cview_t *v = cview_read(p, &e);
    errlist_print(&e, stderr);
    assert_non_null(v);
    assert_string_equal(v->label[1], "Option b");
    assert_string_equal(v->label[0], v->name[0]);
    cview_free(v);
    errlist_clear(&e);
    free(p);
    /* the comparison charts' titles name the option by its short name (the
     * PDF keeps text as text) */
    cmd = fmt("pdftotext %s/out/difference.pdf -", dir);
    char *title = run_out(cmd);
    free(cmd);
    if (!strstr(title, "Option b") || strstr(title, "small leaves")) fail_msg("difference's title: %.300s", title);
    free(title);
    cmd = fmt("pdftotext %s/out/brief.pdf -", dir);
    char *text_out = run_out(cmd);
    free(cmd);
    if (!strstr(text_out, "Decision table")) fail_msg("no decision table in the brief");
    if (strstr(text_out, "Which regions are full")) fail_msg("a regional page without regions");
    free(text_out);
    cmd = fmt("rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(brief_of_a_comparison),
        cmocka_unit_test(a_brief_keeps_the_not_built_on_the_base_note),
        cmocka_unit_test(plot_redraws_a_comparison),
        cmocka_unit_test(plot_keeps_a_runs_files),
        cmocka_unit_test(no_regions_no_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
