/* test_brief.c: `caseflow brief` on a comparison's folder makes an A4 PDF
 * whose text has the headline, the decision table and the assumptions
 * register; the folder also holds the scenarios as they ran.  `caseflow
 * plot` on the same folder redraws the comparison's charts from its files,
 * and refuses a bad file with FILE:LINE:COLUMN, leaving the folder as it was. */
#include "testutil.h"

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

/* Makes the folder dir (a mkdtemp template) with short copies of two
 * shipped scenarios, dir/pre-act.yaml and dir/presumption-short-sentences.yaml
 * (same seed, so paired). */
static void short_pair(char *dir, int horizon)
{
    char cwd[2048];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_non_null(mkdtemp(dir));
    static const char *const stems[] = { "pre-act", "presumption-short-sentences" };
    for (int i = 0; i < 2; i++) {
        char *path = fmt("%s/%s.yaml", dir, stems[i]);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fprintf(f, "extends: %s/scenarios/%s.yaml\nhorizon_months: %d\n", cwd, stems[i], horizon);
        fclose(f);
        free(path);
    }
}

static void brief_of_a_comparison(void **state)
{
    (void)state;
    const char *bin = getenv("CASEFLOW_BIN");
    if (!bin) bin = "./bin/caseflow";
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
                                         "gap_difference.png", "gap_cost_difference.png", "brief.pdf" };
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
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(text, want[i])) fail_msg("brief.pdf's text lacks '%s'", want[i]);
    free(text);
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


static void plot_redraws_a_comparison(void **state)
{
    (void)state;
    const char *bin = getenv("CASEFLOW_BIN");
    if (!bin) bin = "./bin/caseflow";
    char dir[] = "/tmp/caseflow-replot-XXXXXX";
    short_pair(dir, 20);
    char *cmd = fmt("%s compare %s/pre-act.yaml %s/presumption-short-sentences.yaml -n 2 -j 2 -q -o %s/out >/dev/null && "
                    "mkdir %s/first && cp %s/out/*.txt %s/first/ && rm %s/out/*.png && %s plot %s/out",
                    bin, dir, dir, dir, dir, dir, dir, dir, bin, dir);
    int rc = system(cmd);
    assert_true(WIFEXITED(rc) && WEXITSTATUS(rc) == 0);
    free(cmd);
    /* every chart again, and its alt text the same bytes as the first time */
    static const char *const charts[] = { "difference", "caseload_compare", "capacity_compare", "staffing_compare",
                                          "gap_difference", "gap_cost_difference" };
    for (size_t i = 0; i < sizeof charts / sizeof charts[0]; i++) {
        char *png = fmt("%s/out/%s.png", dir, charts[i]), *a = fmt("%s/first/%s.txt", dir, charts[i]),
             *b = fmt("%s/out/%s.txt", dir, charts[i]);
        struct stat st;
        if (stat(png, &st)) fail_msg("%s.png was not redrawn", charts[i]);
        char *x = slurp(a, NULL), *y = slurp(b, NULL);
        if (strcmp(x, y)) fail_msg("%s.txt differs after the redraw", charts[i]);
        free(x); free(y); free(png); free(a); free(b);
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
    cmd = fmt("rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(brief_of_a_comparison),
        cmocka_unit_test(plot_redraws_a_comparison),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
