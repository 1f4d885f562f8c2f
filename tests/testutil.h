/* testutil.h: helpers shared by the cmocka suites (header-only). */
#ifndef CASEFLOW_TESTUTIL_H
#define CASEFLOW_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "scenario.h"

/* |a - b| <= eps, printing both on failure (cmocka 1.1 has no double assert). */
#define assert_near(a, b, eps) assert_near_at((a), (b), (eps), #a, __FILE__, __LINE__)
static inline void assert_near_at(double a, double b, double eps, const char *what,
                                  const char *file, int line)
{
    double d = a - b;
    if (!(d <= eps && -d <= eps)) {
        print_error("%s = %.9g, expected %.9g (+/- %g)\n", what, a, b, eps);
        _fail(file, line);
    }
}

/* Writes text to a fresh temporary .yaml file; returns its path (static
 * buffer per call site is the caller's: copy if needed). */
static inline void write_temp(char path[64], const char *text)
{
    snprintf(path, 64, "/tmp/caseflow-test-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* What a writer (an output's int fn(FILE *, const void *ctx), as
 * out_write takes) writes for ctx, as a string to free; the writer must
 * succeed.  Not inlined: GCC 12 then takes the memory open_memstream
 * hands back for a pointer to this function's local (-Wdangling-pointer). */
__attribute__((noinline, unused)) static char *text_of(int (*write)(FILE *, const void *), const void *ctx)
{
    char *txt = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&txt, &len);
    assert_non_null(f);
    assert_int_equal(write(f, ctx), 0);
    fclose(f);
    return txt;
}

/* Loads a scenario from YAML text (the temporary file is removed). */
static inline scenario_t *load_text(const char *text, errlist_t *e)
{
    char path[64];
    write_temp(path, text);
    scenario_t *s = scenario_load(path, e);
    unlink(path);
    return s;
}

/* The same, failing the test (with the messages) if it does not load. */
static inline scenario_t *load_text_ok(const char *text)
{
    errlist_t e;
    errlist_init(&e);
    scenario_t *s = load_text(text, &e);
    if (!s) errlist_print(&e, stderr);
    assert_non_null(s);
    errlist_clear(&e);
    return s;
}

/* printf into a malloc'd string */
static inline char *fmt(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int n = vsnprintf(NULL, 0, f, ap);
    va_end(ap);
    char *p = malloc((size_t)n + 1);
    va_start(ap, f);
    vsnprintf(p, (size_t)n + 1, f, ap);
    va_end(ap);
    return p;
}

static inline /* Replaces the first `from` in text with `to` (new string). */
char *swap(const char *text, const char *from, const char *to)
{
    const char *p = strstr(text, from);
    assert_non_null(p);
    return fmt("%.*s%s%s", (int)(p - text), text, to, p + strlen(from));
}

/* The whole file at path, NUL-terminated (its length in *n if n); a test
 * that reads a file expects it to be there, so a missing file fails it. */
static inline char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)len + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)len, f), (size_t)len);
    b[len] = 0;
    fclose(f);
    if (n) *n = (size_t)len;
    return b;
}

/* Absolute path of a file in the repository (tests run from its root). */
static inline void repo_path(char *buf, size_t n, const char *rel)
{
    char cwd[1024];
    assert_non_null(getcwd(cwd, sizeof cwd));
    snprintf(buf, n, "%s/%s", cwd, rel);
}

/* The start of a workforce: section for the small scenario (its two tiers'
 * points by case type). */
#define SMALL_WORKFORCE_POINTS \
    "workforce:\n" \
    "  unit: points\n" \
    "  points:\n" \
    "    community: {high: 100, low: 40}\n" \
    "    custody: {high: 30, low: 10}\n" \
    "    licence: {high: 120, low: 50}\n" \
    "    post_sentence_supervision: {high: 60, low: 20}\n"

/* A whole workforce: section for the small scenario: 10 POs of whom 0.8
 * hold cases, at the yearly cost given (a number or a range), and 8 PSOs
 * who all do, at 40,000. */
static inline char *small_workforce(const char *po_cost)
{
    return fmt(SMALL_WORKFORCE_POINTS
               "  report_points: {oral: 10, written: 40}\n"
               "  probation_officer_share: {high: 1, low: 0.25}\n"
               "  probation_officer_share_of_other_work: 0.5\n"
               "  probation_officer: {start_fte: 10, points_per_fte: 2000, reductions: 0.1, holding_share: 0.8, attrition: 0.05,"
               " recruitment: none, annual_cost: %s}\n"
               "  probation_services_officer: {start_fte: 8, points_per_fte: 1800, reductions: 0.2, holding_share: 1, attrition: 0.2,"
               " recruitment: {replace_leavers: true}, annual_cost: 40000}\n"
               "  trainees: {start_fte: 0, intake_per_month: 0, months_to_qualify: 15, capacity_share: [0.2, 0.4, 0.6],"
               " attrition: 0, annual_cost: 40000}\n", po_cost);
}

/* A small scenario for rule tests: no arrivals unless a volume is set,
 * fixed lengths, two tiers.  Parameters: recall monthly rate, fixed-term
 * share, then extra YAML appended at the end (e.g. a policy list). */
static inline char *small_scenario(double recall, double ftr, const char *extra)
{
    return fmt(
        "name: small\n"
        "description: rule tests\n"
        "start_month: 2025-06\n"
        "horizon_months: 36\n"
        "replications: 1\n"
        "seed: 7\n"
        "tiers: [high, low]\n"
        "reports:\n"
        "  oral: {lead_days: 0}\n"
        "  written: {lead_days: 10}\n"
        "stock: {community_order: 0}\n"
        "custody:\n"
        "  post_sentence_supervision: {min_sentence_days: 1, max_sentence_months: 24, supervision_months: 12}\n"
        "  recall:\n"
        "    monthly_rate: %g\n"
        "    fixed_term_share: %g\n"
        "    fixed_term_days_short: 14\n"
        "    fixed_term_days_long: 28\n"
        "    threshold_months: 12\n"
        "    standard_recall_days: {dist: fixed, value: 50}\n"
        "disposals:\n"
        "  - name: co\n"
        "    kind: community_order\n"
        "    annual_volume: 0\n"
        "    length_months: {dist: fixed, value: 12}\n"
        "    tier_shares: {high: 0.3, low: 0.7}\n"
        "    outcomes: {completed: 0, early_termination: 0, revoked: 1}\n"
        "    early_termination_at: 0.5\n"
        "    revoked_to_custody: 1\n"
        "    custody_months: {dist: fixed, value: 4}\n"
        "    reports: {share: 0, mix: {oral: 1}}\n"
        "  - name: sso\n"
        "    kind: suspended_sentence_order\n"
        "    annual_volume: 0\n"
        "    length_months: {dist: fixed, value: 18}\n"
        "    tier_shares: {high: 0.3, low: 0.7}\n"
        "    outcomes: {completed: 1, early_termination: 0, revoked: 0}\n"
        "    early_termination_at: 0.5\n"
        "    revoked_to_custody: 0\n"
        "    custody_months: {dist: fixed, value: 4}\n"
        "    reports: {share: 0, mix: {oral: 1}}\n"
        "  - name: short\n"
        "    kind: custody\n"
        "    annual_volume: 0\n"
        "    band_months: [0, 12]\n"
        "    length_months: {dist: fixed, value: 6}\n"
        "    release_fraction: 0.5\n"
        "    tier_shares: {high: 0.5, low: 0.5}\n"
        "    reports: {share: 0, mix: {oral: 1}}\n"
        "  - name: long\n"
        "    kind: custody\n"
        "    annual_volume: 0\n"
        "    band_months: [12, 120]\n"
        "    length_months: {dist: fixed, value: 30}\n"
        "    release_fraction: 0.4\n"
        "    tier_shares: {high: 0.5, low: 0.5}\n"
        "    reports: {share: 0, mix: {oral: 1}}\n"
        "%s",
        recall, ftr, extra ? extra : "");
}

#endif
