/* test_brief.c: `caseflow brief` on a comparison's folder makes an A4 PDF
 * whose text has the headline, the decision table and the assumptions
 * register; the folder also holds the scenarios as they ran. */
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

static void brief_of_a_comparison(void **state)
{
    (void)state;
    const char *bin = getenv("CASEFLOW_BIN");
    if (!bin) bin = "./bin/caseflow";
    char cwd[2048], dir[] = "/tmp/caseflow-brief-XXXXXX";
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_non_null(mkdtemp(dir));
    /* short copies of two shipped scenarios (same seed, so paired) */
    static const char *const stems[] = { "baseline", "presumption-short-sentences" };
    for (int i = 0; i < 2; i++) {
        char *path = fmt("%s/%s.yaml", dir, stems[i]);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fprintf(f, "extends: %s/scenarios/%s.yaml\nhorizon_months: 30\n", cwd, stems[i]);
        fclose(f);
        free(path);
    }
    char *cmd = fmt("%s compare %s/baseline.yaml %s/presumption-short-sentences.yaml -n 2 -j 2 -q -o %s/out >/dev/null && "
                    "%s brief %s/out >/dev/null", bin, dir, dir, dir, bin, dir);
    int rc = system(cmd);
    assert_true(WIFEXITED(rc) && WEXITSTATUS(rc) == 0);
    free(cmd);
    /* the assumptions travel with the results */
    static const char *const files[] = { "scenario-baseline.yaml", "scenario-presumption-short-sentences.yaml",
                                         "check-presumption-short-sentences.txt", "params-baseline.txt", "made.txt",
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
        "presumption_short_sentences from 2026-04",
        "Figure 1.", "Alt text", "How the numbers were made", "Command: caseflow compare",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(text, want[i])) fail_msg("brief.pdf's text lacks '%s'", want[i]);
    free(text);
    cmd = fmt("rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(brief_of_a_comparison),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
