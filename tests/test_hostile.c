/* test_hostile.c: inputs an attacker (or a tired user) would try, through
 * the caseflow binary: aliases that multiply, nesting that never ends, files
 * that are not scenarios, names and months that are almost right, scenarios
 * that ask for absurd work.  Each must end in one clear message and exit 2,
 * quickly and in bounded memory (the commands run under `ulimit -v` and
 * `timeout`, so an old binary fails the test instead of the machine).
 *
 * Set CASEFLOW_BIN to run them against another build. */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "testutil.h"

static const char *bin(void)
{
    const char *b = getenv("CASEFLOW_BIN");
    return b ? b : "./bin/caseflow";
}

/* Runs `caseflow ARGS` with a 2 GB address-space limit (not under ASan) and
 * a time limit;
 * returns the exit code (124 on timeout, -1 if killed) and stderr in err. */
static int run_cf(int seconds, char *err, size_t n, const char *args)
{
    char errf[64];
    write_temp(errf, "");
#ifdef __SANITIZE_ADDRESS__
    const char *limit = "";   /* ASan reserves terabytes of address space */
#else
    const char *limit = "ulimit -v 2000000; ";
#endif
    char *cmd = fmt("%stimeout %d %s %s %s 2>%s", limit, seconds, bin(), args,
                    strchr(args, '>') ? "" : ">/dev/null", errf);
    int rc = system(cmd);
    free(cmd);
    FILE *f = fopen(errf, "r");
    size_t got = f ? fread(err, 1, n - 1, f) : 0;
    err[got] = 0;
    if (f) fclose(f);
    unlink(errf);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* Writes text to dir/name; returns the path (malloc'd). */
static char *put(const char *dir, const char *name, const char *text)
{
    char *p = fmt("%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return p;
}

static char *tmpdir(void)
{
    char *d = fmt("/tmp/caseflow-hostile-XXXXXX");
    assert_non_null(mkdtemp(d));
    return d;
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++) n += *s == '\n';
    return n;
}

/* Nine levels of ten aliases: a billion values from 520 bytes. */
static void billion_laughs_is_refused(void **state)
{
    (void)state;
    char *d = tmpdir();
    char *text = fmt("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 9; i++) {
        char *t = fmt("%s%c: &%c [", text, 'a' + i, 'a' + i);
        free(text);
        text = t;
        for (int k = 0; k < 10; k++) {
            t = fmt("%s%s*%c", text, k ? ", " : "", 'a' + i - 1);
            free(text);
            text = t;
        }
        t = fmt("%s]\n", text);
        free(text);
        text = t;
    }
    char *p = put(d, "laughs.yaml", text), err[4096];
    char *args = fmt("check %s", p);
    assert_int_equal(run_cf(10, err, sizeof err, args), 2);
    /* the fifth line is the first whose expansion passes 100,000 values */
    char *want = fmt("%s:5:", p);
    assert_non_null(strstr(err, want));
    assert_non_null(strstr(err, "more than 100,000 values once aliases are expanded"));
    free(want);
    free(args);
    /* the same inside a run.yaml read by `plot` */
    char *od = fmt("%s/out", d);
    mkdir(od, 0777);
    free(put(od, "series.csv", "month,series,mean,p5,p50,p95\n2025-06,caseload.total,1,1,1,1\n"));
    free(put(od, "run.yaml", text));
    args = fmt("plot %s", od);
    assert_int_equal(run_cf(10, err, sizeof err, args), 2);
    assert_non_null(strstr(err, "once aliases are expanded"));
    free(args);
    free(od);
    free(p);
    free(text);
    free(d);
}

/* Few values, much text: a 20 KB string aliased 300 times in one list is
 * 301 values but 6 MB (300 such lists took 3.6 GB and 29 s to check);
 * refused past 4 MB, on the line of the alias that passes it.  And a NUL
 * escaped into a key or name ("seed\\0" was read as seed) is refused
 * where it is. */
static void aliased_text_and_nuls_are_refused(void **state)
{
    (void)state;
    char *d = tmpdir();
    char *big = malloc(20001);
    memset(big, 'A', 20000);
    big[20000] = 0;
    char *text = fmt("x-a: &a \"%s\"\nx-b: [", big);
    for (int k = 0; k < 300; k++) {
        char *t = fmt("%s%s*a", text, k ? ", " : "");
        free(text);
        text = t;
    }
    char *t = fmt("%s]\n", text);
    free(text);
    text = t;
    char *p = put(d, "text.yaml", text), err[4096];
    char *args = fmt("check %s", p);
    assert_int_equal(run_cf(10, err, sizeof err, args), 2);
    char *want = fmt("%s:2:", p);
    if (!strstr(err, want) || !strstr(err, "more than 4 MB of text once aliases are expanded")) fail_msg("%s", err);
    free(want);
    free(args);
    free(p);
    p = put(d, "nul.yaml", "name: small\n\"seed\\0\": 5\n");
    args = fmt("check %s", p);
    assert_int_equal(run_cf(10, err, sizeof err, args), 2);
    want = fmt("%s:2:1: a NUL character (\\0) in a key or value (expected plain text)", p);
    if (!strstr(err, want)) fail_msg("%s", err);
    free(want);
    free(args);
    free(p);
    free(text);
    free(big);
    char *cmd = fmt("rm -rf %s", d);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(d);
}

/* The command line of DIR/made.txt, run again with " -q -o OUT"; 0 or the
 * exit code. */
static int rerun_made(const char *dir, const char *out)
{
    char *p = fmt("%s/made.txt", dir);
    char *m = slurp(p, NULL);
    free(p);
    assert_non_null(m);
    char *c = strstr(m, "\nCommand: caseflow ");
    assert_non_null(c);
    c += strlen("\nCommand: caseflow ");
    *strchr(c, '\n') = 0;
    char *cmd = fmt("%s %s -q -o %s >/dev/null 2>&1", bin(), c, out);
    int rc = system(cmd);
    free(cmd);
    free(m);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static void same_file(const char *a, const char *b)
{
    size_t na, nb;
    char *x = slurp(a, &na), *y = slurp(b, &nb);
    assert_non_null(x);
    assert_non_null(y);
    if (na != nb || memcmp(x, y, na)) fail_msg("%s and %s differ", a, b);
    free(x);
    free(y);
}

/* made.txt's command gives the same numbers when run again: it recorded
 * `--central` as taking a value (so lost it, and took `-o DIR` for a
 * file), a shard as `-n COUNT` (replications 0 to COUNT-1, not its own)
 * and merge with a -n that merge refuses. */
static void the_recorded_command_makes_the_same_numbers(void **state)
{
    (void)state;
    char *d = tmpdir();
    char *y0 = small_scenario(0.05, 0.5, NULL);
    char *y1 = swap(y0, "monthly_rate: 0.05", "monthly_rate: {low: 0.02, central: 0.05, high: 0.08}");
    char *y2 = swap(y1, "stock: {community_order: 0}", "stock: {community_order: 40}");
    char *y3 = swap(y2, "  - name: co\n    kind: community_order\n    annual_volume: 0", "  - name: co\n    kind: community_order\n    annual_volume: 120");
    char *y = swap(y3, "  - name: short\n    kind: custody\n    annual_volume: 0", "  - name: short\n    kind: custody\n    annual_volume: 300");
    char *sc = put(d, "s.yaml", y);
    struct { const char *args, *out, *file, *has, *lacks; } k[] = {
        { "run %s -n 3 --central -j 2 -q -o %s/a", "a", "series.csv", " --central -n 3 -s ", " -j " },
        { "run %s --replications 1:2 -s 7 -q -o %s/s1", "s1", "replications.bin", " --replications 1:2 -s 7\n", " -n " },
        { "run %s --replications 0:1 -s 7 -q -o %s/s0", "s0", "replications.bin", " --replications 0:1 -s 7\n", " -n " },
        { "merge %s %s/s0 %s/s1 -s 7 -q -o %s/m", "m", "series.csv", "/s1 -s 7\n", " -n " },
    };
    for (int i = 0; i < 4; i++) {
        char *args = i < 3 ? fmt(k[i].args, sc, d) : fmt(k[i].args, sc, d, d, d);
        char *cmd = fmt("%s %s >/dev/null", bin(), args);
        assert_int_equal(system(cmd), 0);
        free(cmd);
        free(args);
        char *dir = fmt("%s/%s", d, k[i].out), *again = fmt("%s/%s-again", d, k[i].out);
        char *mp = fmt("%s/made.txt", dir), *made = slurp(mp, NULL);
        if (!strstr(made, k[i].has) || strstr(made, k[i].lacks)) fail_msg("made.txt of %s:\n%s", k[i].out, made);
        assert_int_equal(rerun_made(dir, again), 0);
        char *a = fmt("%s/%s", dir, k[i].file), *b = fmt("%s/%s", again, k[i].file);
        same_file(a, b);
        free(a);
        free(b);
        free(made);
        free(mp);
        free(dir);
        free(again);
    }
    /* and --central mattered: the same run without it differs */
    char *cmd = fmt("%s run %s -n 3 -q -o %s/drawn >/dev/null 2>&1", bin(), sc, d);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    char *a = fmt("%s/a/series.csv", d), *b = fmt("%s/drawn/series.csv", d);
    char *x = slurp(a, NULL), *z = slurp(b, NULL);
    assert_string_not_equal(x, z);
    free(x);
    free(z);
    free(a);
    free(b);
    free(sc);
    free(y);
    free(y3);
    free(y2);
    free(y1);
    free(y0);
    cmd = fmt("rm -rf %s", d);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(d);
}

/* 300 KB of '[': refused at level 65, in linear time. */
static void deep_nesting_is_refused_at_once(void **state)
{
    (void)state;
    char *d = tmpdir();
    char *text = malloc(300001);
    memset(text, '[', 300000);
    text[300000] = 0;
    char *p = put(d, "deep.yaml", text), err[4096];
    char *args = fmt("check %s", p);
    assert_int_equal(run_cf(5, err, sizeof err, args), 2);
    char *want = fmt("%s:1:65: nesting too deep", p);
    assert_non_null(strstr(err, want));
    free(want);
    free(args);
    free(p);
    free(text);
    free(d);
}

/* Bigger than any scenario: refused before parsing. */
static void a_huge_file_is_refused(void **state)
{
    (void)state;
    char *d = tmpdir();
    char *p = fmt("%s/big.yaml", d), err[4096];
    FILE *f = fopen(p, "w");
    for (int i = 0; i < 70000; i++) fprintf(f, "# padding line %05d\n", i);
    fclose(f);
    char *args = fmt("check %s", p);
    assert_int_equal(run_cf(5, err, sizeof err, args), 2);
    assert_non_null(strstr(err, "(expected at most 1048576: a scenario is a few KB)"));
    free(args);
    free(p);
    free(d);
}

/* extends: a FIFO used to block for ever; a file of secrets used to be
 * echoed back as unknown keys. */
static void extends_reads_only_scenarios_and_echoes_nothing(void **state)
{
    (void)state;
    char *d = tmpdir(), err[4096];
    char *fifo = fmt("%s/fifo", d);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    char *p = put(d, "a.yaml", "extends: fifo\n");
    char *args = fmt("check %s", p);
    assert_int_equal(run_cf(5, err, sizeof err, args), 2);
    assert_int_equal(count_lines(err), 1);
    assert_non_null(strstr(err, "a.yaml:1:10: cannot use the scenario it extends, 'fifo'"));
    assert_non_null(strstr(err, "not a regular file"));
    free(args);
    free(p);
    free(put(d, "secrets", "root_password: hunter2\napi_key: s3cr3t-k3y\n"));
    p = put(d, "b.yaml", "extends: secrets\n");
    args = fmt("check %s", p);
    assert_int_equal(run_cf(5, err, sizeof err, args), 2);
    assert_int_equal(count_lines(err), 1);
    assert_null(strstr(err, "hunter2"));
    assert_null(strstr(err, "root_password"));
    assert_null(strstr(err, "api_key"));
    assert_non_null(strstr(err, "not a caseflow scenario"));
    free(args);
    free(p);
    free(fifo);
    free(d);
}

/* A misspelt key in the extending file is reported in that file, at its
 * line, not at a line of the file it extends. */
static void an_error_in_an_extending_file_points_at_it(void **state)
{
    (void)state;
    char base[1100];
    repo_path(base, sizeof base, "scenarios/baseline.yaml");
    char *d = tmpdir(), err[4096];
    char *text = fmt("extends: %s\nname: child\ncustody:\n  recall:\n    montly_rate: 0.04\n", base);
    char *p = put(d, "child.yaml", text);
    char *args = fmt("check %s", p);
    assert_int_equal(run_cf(10, err, sizeof err, args), 2);
    char *want = fmt("%s:5:5: unknown key 'montly_rate' (did you mean 'monthly_rate'?)", p);
    assert_non_null(strstr(err, want));
    free(want);
    free(args);
    free(p);
    free(text);
    free(d);
}

/* Months are exactly YYYY-MM; names are short plain words. */
static void near_miss_months_and_names_are_refused(void **state)
{
    (void)state;
    const char *months[] = { "2025-+6", "\" 2025-06\"", "2025-6", "02025-06", "2025-06x" };
    for (size_t i = 0; i < sizeof months / sizeof *months; i++) {
        char *base = small_scenario(0.05, 0.5, NULL);
        char *want = fmt("start_month: %s\n", months[i]);
        char *text = swap(base, "start_month: 2025-06\n", want);
        errlist_t e;
        errlist_init(&e);
        scenario_t *s = load_text(text, &e);
        assert_null(s);
        assert_true(e.count >= 1);
        assert_non_null(strstr(e.msg[0], ":3:14: "));
        assert_non_null(strstr(e.msg[0], "is not a month (expected YYYY-MM"));
        errlist_clear(&e);
        free(text);
        free(want);
        free(base);
    }
    /* two names of 300 characters that differ only at the end */
    char a[301], b[301];
    memset(a, 'x', 300);
    memset(b, 'x', 300);
    a[300] = b[300] = 0;
    a[299] = 'a';
    b[299] = 'b';
    char *base = small_scenario(0.05, 0.5, NULL);
    char *tiers = fmt("tiers: [%s, %s]\n", a, b);
    char *text = swap(base, "tiers: [high, low]\n", tiers);
    errlist_t e;
    errlist_init(&e);
    assert_null(load_text(text, &e));
    assert_non_null(strstr(e.msg[0], ":7:9: a name of 300 characters (expected 1 to 64 letters, digits, '_' or '-')"));
    errlist_clear(&e);
    free(text);
    free(tiers);
    /* a comma would break series.csv */
    text = swap(base, "  - name: co\n", "  - name: \"co,x\"\n");
    assert_null(load_text(text, &e));
    assert_non_null(strstr(e.msg[0], "name 'co,x' has the character ','"));
    errlist_clear(&e);
    free(text);
    free(base);
}

/* `other_work: {per: recall}` (for `recalls`) used to count as zero. */
static void other_work_must_follow_a_real_flow(void **state)
{
    (void)state;
    char base[1100];
    repo_path(base, sizeof base, "scenarios/baseline.yaml");
    char *d = tmpdir(), err[8192];
    char *text = fmt("extends: %s\nworkforce:\n  other_work:\n    - {name: recall reports, per: recall, points: 120}\n", base);
    char *p = put(d, "typo.yaml", text);
    char *args = fmt("check %s", p);
    assert_int_equal(run_cf(10, err, sizeof err, args), 2);
    char *want = fmt("%s:4:35: other work follows 'recall', which is not a flow series (expected one of: recalls, ", p);
    if (!strstr(err, want)) print_error("%s\n", err);
    assert_non_null(strstr(err, want));
    free(want);
    free(args);
    free(p);
    free(text);
    free(d);
}

/* A stock of PSS when no sentence is eligible for PSS: `check` used to
 * accept it and `run` to fail with exit 1. */
static void check_refuses_a_stock_run_could_not_draw(void **state)
{
    (void)state;
    char *d = tmpdir(), err[4096];
    char *base = small_scenario(0.05, 0.5, NULL);
    /* custody lengths are 6 and 30 months; PSS only under 2 months */
    char *t1 = swap(base, "max_sentence_months: 24", "max_sentence_months: 2");
    char *t2 = swap(t1, "stock: {community_order: 0}", "stock: {post_sentence_supervision: 100}");
    char *t3 = swap(t2, "  - name: short\n    kind: custody\n    annual_volume: 0", "  - name: short\n    kind: custody\n    annual_volume: 500");
    char *p = put(d, "pss.yaml", t3);
    char *args = fmt("check %s", p);
    assert_int_equal(run_cf(10, err, sizeof err, args), 2);
    assert_non_null(strstr(err, "the starting stock of post_sentence_supervision cannot be drawn"));
    char *want = fmt("%s:11:8: ", p);
    if (!strstr(err, want)) print_error("%s\n", err);
    assert_non_null(strstr(err, want));
    free(want);
    free(args);
    char *o = fmt("%s/out", d);
    args = fmt("run %s -q -o %s", p, o);
    assert_int_equal(run_cf(10, err, sizeof err, args), 2);
    struct stat st;
    assert_int_not_equal(stat(o, &st), 0);
    free(args);
    free(o);
    free(p);
    free(t3);
    free(t2);
    free(t1);
    free(base);
    free(d);
}

static void check_fails_when_its_output_cannot_be_written(void **state)
{
    (void)state;
    char p[1100];
    repo_path(p, sizeof p, "scenarios/baseline.yaml");
    char *cmd = fmt("%s check %s >/dev/full 2>/dev/null", bin(), p);
    int rc = system(cmd);
    assert_true(WIFEXITED(rc));
    assert_int_equal(WEXITSTATUS(rc), 1);
    free(cmd);
    /* params and --help said nothing and exited 0 */
    char err[1024];
    char *args = fmt("params %s >/dev/full", p);
    assert_int_equal(run_cf(20, err, sizeof err, args), 1);
    if (!strstr(err, "caseflow: cannot write to standard output: No space left on device")) fail_msg("%s", err);
    free(args);
    assert_int_equal(run_cf(20, err, sizeof err, "--help >/dev/full"), 1);
}

/* An output path too long for the files under it (a 5,000-character one
 * ran the whole simulation, then failed with "File name too long" and
 * left a tree of empty folders): refused at once, nothing made. */
static void an_output_path_too_long_is_refused_at_once(void **state)
{
    (void)state;
    char p[1100];
    repo_path(p, sizeof p, "scenarios/end-pss.yaml");
    char *d = tmpdir();
    size_t dl = strlen(d);
    char *out = malloc(dl + 4100);
    memcpy(out, d, dl);
    size_t n = dl;
    while (n < 3800) { memcpy(out + n, "/abc", 4); n += 4; }
    out[n] = 0;
    char err[4096];
    char *args = fmt("run %s -n 1 -q -o %s", p, out);
    assert_int_equal(run_cf(20, err, sizeof err, args), 2);
    char *want = fmt("caseflow: the output folder's path is %zu characters long (expected at most 3795", n);
    if (!strstr(err, want)) fail_msg("%s", err);
    char *sub = fmt("%s/abc", d);
    struct stat st;
    assert_int_not_equal(stat(sub, &st), 0);
    free(sub);
    /* a comparison's scenario file whose name alone is too long to label
     * its files (params-STEM.txt) and be read back from compare.yaml */
    char stem[202];
    memset(stem, 's', 201);
    stem[201] = 0;
    char *longf = fmt("%s/%s.yaml", d, stem), *ext = fmt("extends: %s\n", p);
    free(put(d, strrchr(longf, '/') + 1, ext));
    free(ext);
    free(args);
    args = fmt("compare %s %s -n 1 -q -o %s/cmp", p, longf, d);
    assert_int_equal(run_cf(20, err, sizeof err, args), 2);
    if (!strstr(err, "a file name of 201 characters before its extension (expected at most 200")) fail_msg("%s", err);
    unlink(longf);
    free(longf);
    free(want);
    free(args);
    free(out);
    rmdir(d);
    free(d);
}

/* A file-size limit (ulimit -f) killed a run with SIGXFSZ, no word, exit
 * 153; a write that fails for it is now a write that fails: a message, exit
 * 1, no output folder and nothing left beside it. */
static void a_file_size_limit_is_a_failed_write(void **state)
{
    (void)state;
    char p[1100];
    repo_path(p, sizeof p, "scenarios/end-pss.yaml");
    char *d = tmpdir();
    char *cmd = fmt("ulimit -f 100; %s run %s -n 1 -q -o %s/out >/dev/null 2>%s/err", bin(), p, d, d);
    int rc = system(cmd);
    free(cmd);
    assert_true(WIFEXITED(rc));
    assert_int_equal(WEXITSTATUS(rc), 1);
    char *ep = fmt("%s/err", d), *err = slurp(ep, NULL);
    if (!strstr(err, "cannot write: File too large")) fail_msg("%s", err);
    free(err);
    free(ep);
    DIR *dd = opendir(d);
    struct dirent *de;
    while ((de = readdir(dd)))
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") && strcmp(de->d_name, "err")) fail_msg("left in the folder: %s", de->d_name);
    closedir(dd);
    cmd = fmt("rm -rf %s", d);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(d);
}

/* Legal scenarios asking for absurd work: refused within a second, with the
 * estimate, and the output folder never made. */
static void absurd_work_is_refused_with_its_estimate(void **state)
{
    (void)state;
    char base[1100];
    repo_path(base, sizeof base, "scenarios/pre-act.yaml");
    char *d = tmpdir(), err[4096];
    struct {
        const char *yaml, *args, *says;
    } cases[] = {
        { "stock: {community_order: 100000000, people: 100000000}\n", "", "of memory (results of 100 replications" },
        { "disposals:\n"
          "  - {name: co, kind: community_order, annual_volume: 10000000, trend: 1, length_months: {dist: fixed, value: 12},\n"
          "     tier_shares: {A3: 1}, outcomes: {completed: 1}, early_termination_at: 0.5, revoked_to_custody: 0,\n"
          "     custody_months: {dist: fixed, value: 4}, reports: {share: 0, mix: {oral: 1}}}\n"
          "  - {name: cu, kind: custody, annual_volume: 100, band_months: [0, 12], length_months: {dist: fixed, value: 6},\n"
          "     release_fraction: 0.5, tier_shares: {A3: 1}, reports: {share: 0, mix: {oral: 1}}}\n"
          "horizon_months: 600\n"
          "stock: {people: 1000, community_order: 1000, suspended_sentence_order: 0, pre_release: 0, licence: 0, post_sentence_supervision: 0, recalled: 0}\n",
          "", "the run needs about" },
        { "", "-n 1000000", "results of 1000000 replications" },
        { "", "-n 200000 --max-memory 1000", "events (200000 replications" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *text = fmt("extends: %s\n%s", base, cases[i].yaml);
        char *p = put(d, "absurd.yaml", text);
        char *o = fmt("%s/out", d);
        char *args = fmt("run %s %s -q -o %s", p, cases[i].args, o);
        assert_int_equal(run_cf(3, err, sizeof err, args), 2);
        if (!strstr(err, cases[i].says)) print_error("case %zu: %s\n", i, err);
        assert_non_null(strstr(err, cases[i].says));
        assert_non_null(strstr(err, "raise the limit with --max-"));
        struct stat st;
        assert_int_not_equal(stat(o, &st), 0);
        free(args);
        free(o);
        free(p);
        free(text);
    }
    free(d);
}

/* Fifty levers multiplying volumes by ten compound to 1e50: refused. */
static void compounding_levers_are_refused(void **state)
{
    (void)state;
    char *extra = fmt("policy:\n");
    for (int i = 0; i < 50; i++) {
        char *t = fmt("%s  - {lever: volume, from: 2026-01, multiplier: 10}\n", extra);
        free(extra);
        extra = t;
    }
    char *base = small_scenario(0.05, 0.5, extra);
    char *text = swap(base, "  - name: co\n    kind: community_order\n    annual_volume: 0",
                      "  - name: co\n    kind: community_order\n    annual_volume: 1000");
    char *d = tmpdir(), err[4096];
    char *p = put(d, "levers.yaml", text);
    char *args = fmt("check %s", p);
    int rc = run_cf(3, err, sizeof err, args);
    if (rc != 2) print_error("%s\n", err);
    assert_int_equal(rc, 2);
    assert_non_null(strstr(err, "more than the limit of"));
    free(args);
    free(p);
    free(text);
    free(base);
    free(extra);
    free(d);
}

/* -j 1024 on a small machine: threads are capped at the cores (and the
 * replications), not allocated; the summary says how many ran. */
static void threads_are_capped(void **state)
{
    (void)state;
    char *d = tmpdir(), err[4096];
    char *base = small_scenario(0.05, 0.5, NULL);
    char *text = swap(base, "stock: {community_order: 0}", "stock: {community_order: 50}");
    char *t2 = swap(text, "  - name: co\n    kind: community_order\n    annual_volume: 0",
                    "  - name: co\n    kind: community_order\n    annual_volume: 100");
    char *p = put(d, "small.yaml", t2);
    char *o = fmt("%s/out", d);
    char *sum = fmt("%s/stdout.txt", d), line[256] = "";
    char *args = fmt("run %s -n 8 -j 1024 -o %s > %s", p, o, sum);
    assert_int_equal(run_cf(20, err, sizeof err, args), 0);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int want = cores < 8 ? (int)cores : 8;
    FILE *f = fopen(sum, "r");
    assert_non_null(f);
    while (fgets(line, sizeof line, f) && strncmp(line, "Run time:", 9)) {}
    fclose(f);
    char *w = fmt(" s on %d threads,", want);
    assert_non_null(strstr(line, w));
    free(w);
    free(sum);
    free(args);
    free(o);
    free(p);
    free(t2);
    free(text);
    free(base);
    free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(billion_laughs_is_refused),
        cmocka_unit_test(aliased_text_and_nuls_are_refused),
        cmocka_unit_test(the_recorded_command_makes_the_same_numbers),
        cmocka_unit_test(deep_nesting_is_refused_at_once),
        cmocka_unit_test(a_huge_file_is_refused),
        cmocka_unit_test(extends_reads_only_scenarios_and_echoes_nothing),
        cmocka_unit_test(an_error_in_an_extending_file_points_at_it),
        cmocka_unit_test(near_miss_months_and_names_are_refused),
        cmocka_unit_test(other_work_must_follow_a_real_flow),
        cmocka_unit_test(check_refuses_a_stock_run_could_not_draw),
        cmocka_unit_test(check_fails_when_its_output_cannot_be_written),
        cmocka_unit_test(a_file_size_limit_is_a_failed_write),
        cmocka_unit_test(an_output_path_too_long_is_refused_at_once),
        cmocka_unit_test(absurd_work_is_refused_with_its_estimate),
        cmocka_unit_test(compounding_levers_are_refused),
        cmocka_unit_test(threads_are_capped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
