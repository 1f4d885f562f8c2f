/* test_output.c: output folders are all or nothing.
 *
 * A run is made in a child process (fork + cli_main) with output_test_hook
 * set to fail or to SIGKILL the process at write step k, for every k of the
 * write phase; afterwards OUTDIR must be exactly the old folder or exactly a
 * complete new one, and no private folder may survive the next run.  Also:
 * a full disk (a 64 KB tmpfs, where the test may mount one), two writers at
 * once, a reused folder, a folder of someone else's files, a planted link. */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "testutil.h"

#include "cli.h"
#include "output.h"

/* A folder's regular files and their bytes, as one comparable string. */
static char *snapshot(const char *dir)
{
    struct dirent **list;
    int n = scandir(dir, &list, NULL, alphasort);
    if (n < 0) return fmt("(none)");
    char *acc = fmt("");
    for (int i = 0; i < n; i++) {
        const char *nm = list[i]->d_name;
        if (strcmp(nm, ".") && strcmp(nm, "..")) {
            char *p = fmt("%s/%s", dir, nm);
            FILE *f = fopen(p, "rb");
            unsigned long h = 5381, len = 0;
            int c;
            while (f && (c = fgetc(f)) != EOF) { h = h * 33 + (unsigned)c; len++; }
            if (f) fclose(f);
            char *t = fmt("%s%s:%lu:%lx\n", acc, nm, len, h);
            free(acc);
            acc = t;
            free(p);
        }
        free(list[i]);
    }
    free(list);
    return acc;
}

/* Entries of dir whose names start with prefix. */
static int count_prefixed(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *de;
    while (d && (de = readdir(d))) n += !strncmp(de->d_name, prefix, strlen(prefix));
    if (d) closedir(d);
    return n;
}

static const char *WF =
    SMALL_WORKFORCE_POINTS
    "  report_points: {oral: 10, written: 40}\n"
    "  probation_officer_share: {high: 1, low: 0.25}\n"
    "  probation_officer_share_of_other_work: 0.5\n"
    "  probation_officer: {start_fte: 10, points_per_fte: 2000, reductions: 0.1, holding_share: 0.8, attrition: 0.05, recruitment: none, annual_cost: 50000}\n"
    "  probation_services_officer: {start_fte: 8, points_per_fte: 1800, reductions: 0.2, holding_share: 1, attrition: 0.2, recruitment: {replace_leavers: true}, annual_cost: 40000}\n"
    "  trainees: {start_fte: 0, intake_per_month: 0, months_to_qualify: 15, capacity_share: [0.2, 0.4, 0.6], attrition: 0, annual_cost: 40000}\n";

/* A small scenario with a few community orders, with or without staff. */
static char *scenario_file(const char *dir, int workforce)
{
    char *s = small_scenario(0.05, 0.5, workforce ? WF : NULL);
    char *t = swap(s, "stock: {community_order: 0}", "stock: {community_order: 40}");
    char *u = swap(t, "  - name: co\n    kind: community_order\n    annual_volume: 0",
                   "  - name: co\n    kind: community_order\n    annual_volume: 120");
    char *p = fmt("%s/%s.yaml", dir, workforce ? "wf" : "small");
    FILE *f = fopen(p, "w");
    fputs(u, f);
    fclose(f);
    free(u);
    free(t);
    free(s);
    return p;
}

/* Runs `caseflow ARGV...` in a child; the hook (if any) is set there. */
static int (*child_hook)(int);
static int run_child(char **argv, int argc)
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int nul = open("/dev/null", O_WRONLY);
        dup2(nul, 1);
        dup2(nul, 2);
        output_test_hook = child_hook;
        _exit(cli_main(argc, argv));
    }
    int st;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int fail_at, kill_at;
static int hook_fail(int step) { return step == fail_at; }
static int hook_kill(int step)
{
    if (step == kill_at) raise(SIGKILL);
    return 0;
}

static int run_into(const char *scen, const char *out, const char *seed)
{
    char *argv[] = { "caseflow", "run", (char *)scen, "-n", "2", "-j", "1", "-s", (char *)seed, "-q", "-o", (char *)out, NULL };
    return run_child(argv, 12);
}

static void every_step_failing_or_killed_leaves_old_or_new(void **state)
{
    (void)state;
    char *d = fmt("/tmp/caseflow-out-XXXXXX");
    assert_non_null(mkdtemp(d));
    char *scen = scenario_file(d, 0), *out = fmt("%s/res", d), *ref = fmt("%s/ref", d);
    child_hook = NULL;
    assert_int_equal(run_into(scen, out, "1"), 0);
    assert_int_equal(run_into(scen, ref, "2"), 0);
    char *old = snapshot(out), *new = snapshot(ref);
    assert_string_not_equal(old, new);
    int steps = 0;
    for (int k = 1; k < 100; k++) {
        /* a full disk at step k: exit 1, OUTDIR as it was, nothing left */
        child_hook = hook_fail;
        fail_at = k;
        int rc = run_into(scen, out, "2");
        char *now = snapshot(out);
        if (rc == 0) {  /* past the last step: the new outputs */
            assert_string_equal(now, new);
            free(now);
            steps = k - 1;
            break;
        }
        assert_int_equal(rc, 1);
        assert_string_equal(now, old);
        assert_int_equal(count_prefixed(d, ".res.caseflow-"), 0);
        free(now);
        /* killed at step k: old or complete, never a mix */
        child_hook = hook_kill;
        kill_at = k;
        rc = run_into(scen, out, "2");
        assert_int_equal(rc, 128 + SIGKILL);
        now = snapshot(out);
        if (strcmp(now, old)) assert_string_equal(now, new);
        free(now);
        /* put the old outputs back for the next step (this run also sweeps
         * the private folder the killed one left) */
        child_hook = NULL;
        assert_int_equal(run_into(scen, out, "1"), 0);
        assert_int_equal(count_prefixed(d, ".res.caseflow-"), 0);
    }
    /* series.csv, summary.txt, run.yaml and the record (scenario.yaml,
     * check.txt, params.txt, made.txt) written, the list of the files
     * written, the 14 files (those, 3 charts with their alt text and the
     * list) synced, the folder synced, the swap */
    assert_int_equal(steps, 7 + 1 + 14 + 1 + 1);
    free(old);
    free(new);
    free(scen);
    free(out);
    free(ref);
    char *cmd = fmt("rm -rf %s", d);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(d);
}

/* A user's file `name` put in out: a run of scen into out is refused
 * (exit 2) and nothing in out changes; the file is then taken away. */
static void theirs_refused(const char *scen, const char *out, const char *name)
{
    char *mine = fmt("%s/%s", out, name);
    FILE *f = fopen(mine, "w");
    assert_non_null(f);
    fputs("my notes", f);
    fclose(f);
    char *before = snapshot(out);
    assert_int_equal(run_into(scen, out, "4"), 2);
    char *after = snapshot(out);
    assert_string_equal(before, after);
    free(before);
    free(after);
    unlink(mine);
    free(mine);
}

/* A run without a workforce into a folder that had one: no staffing chart
 * from the earlier run survives beside the new files. */
static void a_reused_folder_keeps_nothing_old(void **state)
{
    (void)state;
    char *d = fmt("/tmp/caseflow-out-XXXXXX");
    assert_non_null(mkdtemp(d));
    char *wf = scenario_file(d, 1), *plain = scenario_file(d, 0), *out = fmt("%s/res", d);
    child_hook = NULL;
    assert_int_equal(run_into(wf, out, "3"), 0);
    char *p = fmt("%s/staffing.png", out);
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(run_into(plain, out, "3"), 0);
    assert_int_not_equal(stat(p, &st), 0);
    free(p);
    /* someone else's file: refused (exit 2), nothing touched, whatever its
     * name (a .pdf, .txt, .png or .svg of the user's was taken for a chart
     * and deleted) */
    static const char *const theirs[] = { "notes.docx", "thesis.pdf", "mine.txt", "photo.png", "figure.svg", "summary.txt.bak" };
    for (int i = 0; i < 6; i++) theirs_refused(plain, out, theirs[i]);
    /* a folder with no list of caseflow's files, as an older caseflow
     * made: with its made.txt, its charts and alt text are caseflow's
     * (plot, brief and a re-run work on it, and write the list); without,
     * only caseflow's fixed names are (series.csv, summary.txt, ...) */
    char *list = fmt("%s/.caseflow-outputs", out);
    assert_int_equal(unlink(list), 0);
    assert_int_equal(run_into(plain, out, "4"), 0);
    assert_int_equal(stat(list, &st), 0);
    assert_int_equal(unlink(list), 0);
    /* ... but a chart only beside its alt text and alt text only beside
     * its chart: a user's thesis.pdf, notes.txt or photo.png put in such a
     * folder is refused, not taken for caseflow's and deleted */
    static const char *const lone[] = { "thesis.pdf", "notes.txt", "photo.png" };
    for (int i = 0; i < 3; i++) theirs_refused(plain, out, lone[i]);
    /* a comparison's records of a scenario of one-letter stem are caseflow's */
    static const char *const records[] = { "check-a.txt", "params-a.txt" };
    for (int i = 0; i < 2; i++) {
        char *rec = fmt("%s/%s", out, records[i]);
        FILE *g = fopen(rec, "w");
        fputs("record", g);
        fclose(g);
        free(rec);
    }
    assert_int_equal(run_into(plain, out, "4"), 0);
    assert_int_equal(unlink(list), 0);
    char *made = fmt("%s/made.txt", out);
    /* validate.txt and sensitivity.txt are caseflow's names only in a folder
     * caseflow made: in a user's own folder they are the user's */
    char *own = fmt("%s/own", d);
    assert_int_equal(mkdir(own, 0777), 0);
    theirs_refused(plain, own, "validate.txt");
    theirs_refused(plain, own, "sensitivity.txt");
    free(own);
    assert_int_equal(unlink(made), 0);
    assert_int_equal(run_into(plain, out, "4"), 2);   /* the charts are not known to be caseflow's */
    char *cmd0 = fmt("rm %s/*.png %s/*.txt %s/scenario.yaml %s/run.yaml", out, out, out, out);
    assert_int_equal(system(cmd0), 0);
    free(cmd0);
    assert_int_equal(run_into(plain, out, "4"), 0);   /* series.csv alone: replaced */
    assert_int_equal(stat(list, &st), 0);
    free(made);
    free(list);
    /* a link planted where the old code put its temporary file: refused,
     * and the file it points to is untouched */
    char *victim = fmt("%s/victim", d);
    FILE *f = fopen(victim, "w");
    fputs("precious", f);
    fclose(f);
    char *link = fmt("%s/series.csv", out);
    unlink(link);
    assert_int_equal(symlink(victim, link), 0);
    assert_int_equal(run_into(plain, out, "5"), 2);
    char *v = snapshot(d);
    assert_non_null(strstr(v, "victim:8:"));
    free(v);
    free(link);
    free(victim);
    free(wf);
    free(plain);
    free(out);
    char *cmd = fmt("rm -rf %s", d);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(d);
}

/* Two runs into one folder at once: both succeed, one after the other, and
 * the folder holds one run's files, all of them. */
static void concurrent_writers_take_turns(void **state)
{
    (void)state;
    char *d = fmt("/tmp/caseflow-out-XXXXXX");
    assert_non_null(mkdtemp(d));
    char *scen = scenario_file(d, 0), *out = fmt("%s/res", d), *r6 = fmt("%s/r6", d), *r7 = fmt("%s/r7", d);
    child_hook = NULL;
    assert_int_equal(run_into(scen, r6, "6"), 0);
    assert_int_equal(run_into(scen, r7, "7"), 0);
    char *s6 = snapshot(r6), *s7 = snapshot(r7);
    for (int round = 0; round < 3; round++) {
        fflush(NULL);
        pid_t a = fork();
        if (a == 0) {
            char *argv[] = { "caseflow", "run", scen, "-n", "2", "-j", "1", "-s", "6", "-q", "-o", out, NULL };
            int nul = open("/dev/null", O_WRONLY);
            dup2(nul, 1);
            dup2(nul, 2);
            _exit(cli_main(12, argv));
        }
        char *argv[] = { "caseflow", "run", scen, "-n", "2", "-j", "1", "-s", "7", "-q", "-o", out, NULL };
        assert_int_equal(run_child(argv, 12), 0);
        int st;
        waitpid(a, &st, 0);
        assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
        char *now = snapshot(out);
        if (strcmp(now, s6)) assert_string_equal(now, s7);
        free(now);
    }
    free(s6);
    free(s7);
    free(scen);
    free(out);
    free(r6);
    free(r7);
    char *cmd = fmt("rm -rf %s", d);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(d);
}

/* A real full disk: a 64 KB tmpfs holding an earlier run's (small) files.
 * Needs the right to mount; skipped where that is not given. */
static void a_full_disk_leaves_the_folder_as_it_was(void **state)
{
    (void)state;
    char *d = fmt("/tmp/caseflow-out-XXXXXX");
    assert_non_null(mkdtemp(d));
    char *mnt = fmt("%s/disk", d);
    mkdir(mnt, 0777);
    if (mount("tmpfs", mnt, "tmpfs", 0, "size=64k")) {
        rmdir(mnt);
        rmdir(d);
        free(mnt);
        free(d);
        skip();
    }
    char *scen = scenario_file(d, 0), *out = fmt("%s/res", mnt);
    mkdir(out, 0777);
    char *p = fmt("%s/series.csv", out);
    FILE *f = fopen(p, "w");
    fputs("month,series,mean,p5,p50,p95\n2025-06,caseload.total,1.00,1.00,1.00,1.00\n", f);
    fclose(f);
    char *before = snapshot(out);
    child_hook = NULL;
    int rc = run_into(scen, out, "8");
    assert_int_equal(rc, 1);
    char *after = snapshot(out);
    assert_string_equal(before, after);
    assert_int_equal(count_prefixed(mnt, ".res.caseflow-"), 0);
    free(before);
    free(after);
    free(p);
    assert_int_equal(umount(mnt), 0);
    free(scen);
    free(out);
    char *cmd = fmt("rm -rf %s", d);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(mnt);
    free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_step_failing_or_killed_leaves_old_or_new),
        cmocka_unit_test(a_reused_folder_keeps_nothing_old),
        cmocka_unit_test(concurrent_writers_take_turns),
        cmocka_unit_test(a_full_disk_leaves_the_folder_as_it_was),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
