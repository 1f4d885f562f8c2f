/* test_scenario.c: the loader on good and bad files, and the command line's
 * exit codes and its promise to write nothing on bad input. */
#include "testutil.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <math.h>

#include "cli.h"
#include "policy.h"

/* 1-based line of the first occurrence of `needle` in text */
static int line_of(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    assert_non_null(p);
    int line = 1;
    for (const char *q = text; q < p; q++) line += *q == '\n';
    return line;
}

/* Loads text and expects it refused with a message containing `want` at
 * line:col (col 0 = any). */
static void expect_error(const char *text, int line, int col, const char *want)
{
    errlist_t e;
    errlist_init(&e);
    scenario_t *s = load_text(text, &e);
    assert_null(s);
    assert_true(e.count >= 1);
    char pos[64];
    if (col) snprintf(pos, sizeof pos, ":%d:%d: ", line, col);
    else snprintf(pos, sizeof pos, ":%d:", line);
    int found = 0;
    for (int i = 0; i < e.count; i++)
        if (strstr(e.msg[i], want) && strstr(e.msg[i], pos) && strstr(e.msg[i], "/tmp/caseflow-test-")) found = 1;
    if (!found) {
        errlist_print(&e, stderr);
        fail_msg("no message with '%s' at %s", want, pos);
    }
    errlist_clear(&e);
}

static void good_files_load(void **state)
{
    (void)state;
    char *y = small_scenario(0.05, 0.3, NULL);
    errlist_t e;
    errlist_init(&e);
    scenario_t *s = load_text(y, &e);
    assert_non_null(s);
    assert_int_equal(e.count, 0);
    assert_int_equal(s->ndisp, 4);
    assert_int_equal(s->ntiers, 2);
    assert_int_equal(s->horizon, 36);
    assert_int_equal(s->start, 2025 * 12 + 5);
    assert_near(s->disp[2].length.mean, 6 * 365.25 / 12, 1e-9);   /* months -> days */
    assert_near(s->disp[0].tier_share[0], 0.3, 1e-12);
    /* 5% a month as a daily hazard: -ln(0.95) / 30.4375 */
    assert_near(s->recall_rate, 0.0016852, 1e-6);
    scenario_free(s);
    free(y);

    char path[2100];
    repo_path(path, sizeof path, "scenarios/baseline.yaml");
    s = scenario_load(path, &e);
    if (!s) errlist_print(&e, stderr);
    assert_non_null(s);
    assert_int_equal(s->ndisp, 7);
    scenario_free(s);
    errlist_clear(&e);
}

static void not_yaml(void **state)
{
    (void)state;
    expect_error("name: [unclosed\nseed: 3\n", 2, 0, "not valid YAML: did not find expected ',' or ']' while parsing a flow sequence that started at line 1 column 7");
    expect_error("", 1, 1, "empty");
    expect_error("- just\n- a list\n", 1, 1, "not a mapping");
    /* a bad byte is placed where it is (it was reported at 1:1): column
     * 14 of line 2, counting characters (the e-acute on line 1 is two bytes) */
    expect_error("name: sm\xc3\xa9ll\ndescription: \xff bad\n", 2, 14, "not valid YAML: invalid leading UTF-8 octet");
    expect_error("name: small\ndescription: a\x01" "b\n", 2, 15, "not valid YAML: control characters are not allowed");
}

static void misspelt_key_is_an_error_with_a_suggestion(void **state)
{
    (void)state;
    char *y = small_scenario(0.05, 0.3, NULL);
    char *bad = swap(y, "    annual_volume: 0\n", "    anual_volume: 0\n");
    expect_error(bad, line_of(bad, "anual_volume"), 5, "unknown key 'anual_volume' (did you mean 'annual_volume'?)");
    free(bad);
    bad = swap(y, "horizon_months: 36", "horizon_months: 36\nreplicatoins: 5");
    expect_error(bad, line_of(bad, "replicatoins"), 1, "did you mean 'replications'?");
    free(bad);
    bad = swap(y, "tier_shares: {high: 0.3, low: 0.7}", "tier_shares: {high: 0.3, lwo: 0.7}");
    expect_error(bad, line_of(bad, "lwo"), 0, "unknown key 'lwo'");
    free(bad);
    free(y);
}

static void missing_key(void **state)
{
    (void)state;
    char *y = small_scenario(0.05, 0.3, NULL);
    char *bad = swap(y, "seed: 7\n", "");
    expect_error(bad, 1, 1, "missing key 'seed'");
    free(bad);
    bad = swap(y, "    release_fraction: 0.5\n", "");
    expect_error(bad, line_of(bad, "  - name: short") , 5, "missing key 'release_fraction'");
    free(bad);
    free(y);
}

static void wrong_types_and_ranges(void **state)
{
    (void)state;
    char *y = small_scenario(0.05, 0.3, NULL);
    char *bad = swap(y, "horizon_months: 36", "horizon_months: twelve");
    expect_error(bad, line_of(bad, "twelve"), 17, "'twelve' is not a whole number");
    free(bad);
    bad = swap(y, "annual_volume: 0", "annual_volume: -5");
    expect_error(bad, line_of(bad, "-5"), 20, "-5 is out of range (expected sentences a year, >= 0; limits 0 to 10000000)");
    free(bad);
    bad = swap(y, "annual_volume: 0", "annual_volume: \"100\"");
    expect_error(bad, line_of(bad, "\"100\""), 20, "quoted string");
    free(bad);
    bad = swap(y, "tiers: [high, low]", "tiers: high");
    expect_error(bad, line_of(bad, "tiers: high"), 8, "expected tiers as a list");
    free(bad);
    bad = swap(y, "{dist: fixed, value: 6}", "{dist: normal, value: 6}");
    expect_error(bad, line_of(bad, "normal"), 0, "unknown distribution 'normal'");
    free(bad);
    free(y);
}

static void shares_must_sum_to_one(void **state)
{
    (void)state;
    char *y = small_scenario(0.05, 0.3, NULL);
    char *bad = swap(y, "tier_shares: {high: 0.3, low: 0.7}", "tier_shares: {high: 0.3, low: 0.6}");
    expect_error(bad, line_of(bad, "low: 0.6"), 18, "tier shares sum to 0.9 (expected shares that sum to 1)");
    free(bad);
    bad = swap(y, "outcomes: {completed: 0, early_termination: 0, revoked: 1}", "outcomes: {completed: 0.5, early_termination: 0, revoked: 0.6}");
    expect_error(bad, line_of(bad, "revoked: 0.6"), 15, "outcome shares sum to 1.1");
    free(bad);
    free(y);
}

static void dates_out_of_range(void **state)
{
    (void)state;
    char *y = small_scenario(0.05, 0.3, NULL);
    char *bad = swap(y, "start_month: 2025-06", "start_month: 2025-13");
    expect_error(bad, line_of(bad, "2025-13"), 14, "month 2025-13 is out of range");
    free(bad);
    bad = swap(y, "start_month: 2025-06", "start_month: June 2025");
    expect_error(bad, line_of(bad, "June"), 14, "is not a month (expected YYYY-MM");
    free(bad);
    bad = swap(y, "start_month: 2025-06", "start_month: 1850-01");
    expect_error(bad, line_of(bad, "1850"), 14, "out of range");
    free(bad);
    free(y);
}

/* A licence stock needs some release before the sentence end to draw from:
 * refused with the stock's position, not a crash at run time. */
static void unreachable_stock_is_refused(void **state)
{
    (void)state;
    char *y = small_scenario(0.05, 0.3, NULL);
    char *a = swap(y, "  - name: short\n    kind: custody\n    annual_volume: 0", "  - name: short\n    kind: custody\n    annual_volume: 1000");
    char *b = swap(a, "    release_fraction: 0.5", "    release_fraction: 1");
    char *c = swap(b, "stock: {community_order: 0}", "stock: {licence: 10}");
    expect_error(c, line_of(c, "stock:"), 8, "a stock of licence or recalled (every custody band is served in full");
    free(a);
    free(b);
    free(c);
    free(y);
}

/* Found by fuzzing: a disposal without a name and a lever that names
 * disposals crashed the loader.  Now: the missing name is reported. */
static void lever_with_a_broken_disposal_is_an_error_not_a_crash(void **state)
{
    (void)state;
    char *y = small_scenario(0.05, 0.3, "policy:\n  - lever: release_point\n    from: 2026-01\n    release_fraction: 0.3\n    disposals: [long]\n");
    char *bad = swap(y, "  - name: short\n", "  - nmae: short\n");
    expect_error(bad, line_of(bad, "nmae"), 5, "unknown key 'nmae' (did you mean 'name'?)");
    free(bad);
    free(y);
}

static void every_problem_is_reported(void **state)
{
    (void)state;
    char *y = small_scenario(0.05, 0.3, NULL);
    char *a = swap(y, "seed: 7", "seed: -1");
    char *b = swap(a, "lead_days: 10", "lead_days: 1000");
    char *c = swap(b, "early_termination_at: 0.5", "early_termination_at: 5");
    errlist_t e;
    errlist_init(&e);
    assert_null(load_text(c, &e));
    assert_int_equal(e.count, 3);
    errlist_clear(&e);
    free(a);
    free(b);
    free(c);
    free(y);
}

static void extends_merges_maps_and_replaces_lists(void **state)
{
    (void)state;
    char *y = small_scenario(0.05, 0.3, NULL);
    char base[64];
    write_temp(base, y);
    char *child = fmt("extends: %s\nname: child\ncustody:\n  recall: {monthly_rate: 0.1}\ntiers: [high, low]\n", base);
    errlist_t e;
    errlist_init(&e);
    scenario_t *s = load_text(child, &e);
    if (!s) errlist_print(&e, stderr);
    assert_non_null(s);
    assert_string_equal(s->name, "child");
    assert_near(s->recall_rate, -log1p(-0.1) / (365.25 / 12), 1e-12); /* merged */
    assert_near(s->ftr_share, 0.3, 1e-12);                             /* inherited */
    scenario_free(s);
    free(child);
    /* an unknown key in the child is reported against the child's file */
    child = fmt("extends: %s\ncustody:\n  recall: {montly_rate: 0.1}\n", base);
    expect_error(child, 3, 12, "unknown key 'montly_rate' (did you mean 'monthly_rate'?)");
    free(child);
    unlink(base);
    errlist_clear(&e);
    free(y);
}

/* short_name: optional, 1 to 40 bytes, for chart titles and legends; a
 * file that extends another and gives its own name does not keep the
 * base's short name (it would name the wrong scenario), one that gives no
 * name keeps both. */
static void short_names_are_short_and_not_inherited_with_a_new_name(void **state)
{
    (void)state;
    char *y = small_scenario(0.05, 0.3, "short_name: Small one\n");
    scenario_t *s = load_text_ok(y);
    assert_string_equal(s->short_name, "Small one");
    scenario_free(s);
    char base[64];
    write_temp(base, y);
    char *child = fmt("extends: %s\nname: child\n", base);
    s = load_text_ok(child);
    assert_string_equal(s->name, "child");
    assert_null(s->short_name);
    scenario_free(s);
    free(child);
    child = fmt("extends: %s\nseed: 9\n", base);
    s = load_text_ok(child);
    assert_string_equal(s->short_name, "Small one");
    scenario_free(s);
    free(child);
    unlink(base);
    free(y);
    y = small_scenario(0.05, 0.3, "short_name: The presumption to suspend custodial sentences of a year or less\n");
    expect_error(y, line_of(y, "short_name"), 13, "short_name 'The presumption to suspend custodial sen...' is 64 bytes (expected 1 to 40");
    free(y);
    y = small_scenario(0.05, 0.3, "short_name: \"tab\\there\"\n");
    expect_error(y, line_of(y, "short_name"), 13, "short_name has a control character (expected plain text");
    free(y);
    /* a 41-byte name whose 40th byte starts a 2-byte character: the
     * message stops before it */
    y = small_scenario(0.05, 0.3, "short_name: abcdefghijklmnopqrstuvwxyzabcdefghijklm\u00e9\n");
    expect_error(y, line_of(y, "short_name"), 13, "short_name 'abcdefghijklmnopqrstuvwxyzabcdefghijklm...' is 41 bytes");
    free(y);
    y = small_scenario(0.05, 0.3, "short_name: [a, b]\n");
    expect_error(y, line_of(y, "short_name"), 13, "");
    free(y);
}

/* Levers compose: a file that extends another keeps the inherited levers
 * and adds its own after them, through two levels of extends; with
 * `inherit_policy: false` its own list replaces them. */
static void levers_compose_through_two_levels_of_extends(void **state)
{
    (void)state;
    char *y = small_scenario(0.05, 0.3, NULL);
    char *top = fmt("%spolicy:\n  - lever: end_pss\n    from: 2025-09\n", y);
    char base[64], mid[64];
    write_temp(base, top);
    char *m = fmt("extends: %s\nname: middle\npolicy:\n  - lever: recall\n    from: 2026-01\n    rate_multiplier: 0.85\n", base);
    write_temp(mid, m);
    char *child = fmt("extends: %s\nname: child\npolicy:\n  - lever: volume\n    from: 2026-03\n    multiplier: 1.15\n", mid);
    errlist_t e;
    errlist_init(&e);
    scenario_t *s = load_text(child, &e);
    if (!s) errlist_print(&e, stderr);
    assert_non_null(s);
    assert_int_equal(s->nlevers, 3);
    assert_int_equal(s->levers[0].kind, LV_END_PSS);
    assert_int_equal(s->levers[1].kind, LV_RECALL);
    assert_near(s->levers[1].mult, 0.85, 1e-12);
    assert_int_equal(s->levers[2].kind, LV_VOLUME);
    assert_near(s->levers[2].volume_mult, 1.15, 1e-12);
    scenario_free(s);
    free(child);
    /* check names each lever's file */
    char listing[64];
    child = fmt("extends: %s\nname: child\npolicy:\n  - lever: volume\n    from: 2026-03\n    multiplier: 1.15\n", mid);
    write_temp(listing, child);
    FILE *f = tmpfile();
    assert_non_null(f);
    errlist_t le;
    errlist_init(&le);
    s = scenario_load(listing, &le);
    errlist_print(&le, stderr);
    assert_non_null(s);
    cli_lever_sources(s, f);
    scenario_free(s);
    errlist_clear(&le);
    rewind(f);
    char buf[2048] = "";
    size_t got = fread(buf, 1, sizeof buf - 1, f);
    buf[got] = 0;
    fclose(f);
    char *want = fmt("  1. end_pss from 2025-09 (%s, line", strrchr(base, '/') + 1);
    assert_non_null(strstr(buf, want));
    free(want);
    want = fmt("  2. recall from 2026-01 (%s, line 4)", strrchr(mid, '/') + 1);
    assert_non_null(strstr(buf, want));
    free(want);
    want = fmt("  3. volume from 2026-03 (%s, line 4)", strrchr(listing, '/') + 1);
    assert_non_null(strstr(buf, want));
    free(want);
    unlink(listing);
    free(child);
    /* inherit_policy: false replaces the inherited levers */
    child = fmt("extends: %s\nname: child\ninherit_policy: false\npolicy:\n  - lever: volume\n    from: 2026-03\n    multiplier: 1.15\n", mid);
    s = load_text(child, &e);
    assert_non_null(s);
    assert_int_equal(s->nlevers, 1);
    assert_int_equal(s->levers[0].kind, LV_VOLUME);
    scenario_free(s);
    free(child);
    /* and means nothing without extends */
    child = fmt("%sinherit_policy: false\n", y);
    s = load_text(child, &e);
    assert_null(s);
    free(child);
    unlink(base);
    unlink(mid);
    errlist_clear(&e);
    free(m);
    free(top);
    free(y);
}

/* ---- command line ---------------------------------------------------------- */

static int run_cli(const char *args)
{
    const char *bin = getenv("CASEFLOW_BIN");
    if (!bin) bin = "./bin/caseflow";
    char *cmd = fmt("%s %s >/dev/null 2>&1", bin, args);
    int rc = system(cmd);
    free(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static int exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

static void cli_exit_codes_and_nothing_written_on_bad_input(void **state)
{
    (void)state;
    char *y = small_scenario(0.05, 0.3, NULL);
    char *bad = swap(y, "seed: 7", "sed: 7");
    char good_path[64], bad_path[64];
    write_temp(good_path, y);
    write_temp(bad_path, bad);
    char out[128];
    snprintf(out, sizeof out, "%s.out", bad_path);

    char *args = fmt("run %s -o %s -q", bad_path, out);
    assert_int_equal(run_cli(args), 2);
    assert_false(exists(out));
    free(args);
    args = fmt("check %s", bad_path);
    assert_int_equal(run_cli(args), 2);
    free(args);
    args = fmt("check %s", good_path);
    assert_int_equal(run_cli(args), 0);
    free(args);
    assert_int_equal(run_cli("run /nonexistent/file.yaml -q"), 2);
    assert_int_equal(run_cli("--version"), 0);
    assert_int_equal(run_cli("--help"), 0);
    assert_int_equal(run_cli("frobnicate x.yaml"), 2);
    args = fmt("run %s -n abc", good_path);
    assert_int_equal(run_cli(args), 2);
    free(args);
    args = fmt("run %s -q -n 2 -o %s", good_path, out);
    assert_int_equal(run_cli(args), 0);
    free(args);
    char f[256];
    snprintf(f, sizeof f, "%s/series.csv", out);
    FILE *fp = fopen(f, "r");
    assert_non_null(fp);
    char head[64] = "";
    assert_non_null(fgets(head, sizeof head, fp));
    assert_string_equal(head, "month,series,mean,p5,p50,p95\n");
    fclose(fp);
    unlink(f);
    snprintf(f, sizeof f, "%s/summary.txt", out);
    assert_true(exists(f));
    unlink(f);
    rmdir(out);
    unlink(good_path);
    unlink(bad_path);
    free(bad);
    free(y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(good_files_load),
        cmocka_unit_test(not_yaml),
        cmocka_unit_test(misspelt_key_is_an_error_with_a_suggestion),
        cmocka_unit_test(missing_key),
        cmocka_unit_test(wrong_types_and_ranges),
        cmocka_unit_test(shares_must_sum_to_one),
        cmocka_unit_test(dates_out_of_range),
        cmocka_unit_test(every_problem_is_reported),
        cmocka_unit_test(unreachable_stock_is_refused),
        cmocka_unit_test(lever_with_a_broken_disposal_is_an_error_not_a_crash),
        cmocka_unit_test(extends_merges_maps_and_replaces_lists),
        cmocka_unit_test(short_names_are_short_and_not_inherited_with_a_new_name),
        cmocka_unit_test(levers_compose_through_two_levels_of_extends),
        cmocka_unit_test(cli_exit_codes_and_nothing_written_on_bad_input),
    };
    return cmocka_run_group_tests_name("scenario", tests, NULL, NULL);
}
