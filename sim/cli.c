/* cli.c: the commands: run, check (and the helpers they share). */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compare.h"
#include "compare_charts.h"
#include "model.h"
#include "params.h"
#include "plots.h"
#include "table.h"
#include "results.h"
#include "rulebook.h"
#include "runner.h"
#include "scenario.h"

static const char *usage_text =
    "caseflow: probation caseload projections for England and Wales\n"
    "\n"
    "usage:\n"
    "  caseflow run SCENARIO.yaml [-n REPS] [-s SEED] [-o OUTDIR] [-j JOBS] [-q]\n"
    "  caseflow check SCENARIO.yaml\n"
    "  caseflow params SCENARIO.yaml\n"
    "  caseflow plot OUTDIR [--format png,svg,pdf]\n"
    "  caseflow compare BASE.yaml POLICY.yaml [POLICY2.yaml ...] [-n REPS] [-s SEED] [-o OUTDIR] [-j JOBS] [-q]\n"
    "  caseflow --help | --version\n"
    "\n"
    "  -n REPS    replications (default: the scenario's)\n"
    "  -s SEED    run seed (default: the scenario's)\n"
    "  -o OUTDIR  output directory (default: out/<scenario file stem>)\n"
    "  -j JOBS    threads (default: all cores; results do not depend on it)\n"
    "  -q         quiet: no progress line\n"
    "  --format F charts as png (default), svg, pdf, or several: png,pdf\n"
    "\n"
    "exit codes: 0 ok, 1 runtime failure, 2 bad usage or bad scenario\n";

typedef struct {
    long reps;      /* -1: scenario's */
    long long seed; /* -1: scenario's */
    const char *outdir;
    int jobs;
    int quiet;
    int formats;
    int nfiles;
    char **files;
} opts_t;

static int bad_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "caseflow: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(run 'caseflow --help' for usage)\n");
    return 2;
}

static int parse_long(const char *s, long long lo, long long hi, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end || errno || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

/* Parses options after the command; positional args go to o->files. */
static int parse_opts(int argc, char **argv, opts_t *o)
{
    o->reps = -1;
    o->seed = -1;
    o->jobs = runner_default_jobs();
    o->formats = PLOT_PNG;
    o->files = calloc((size_t)argc, sizeof *o->files);
    if (!o->files) return 1;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        long long v;
        if (a[0] != '-' || !a[1]) { o->files[o->nfiles++] = argv[i]; continue; }
        if (!strcmp(a, "-q")) { o->quiet = 1; continue; }
        if (!strcmp(a, "--format")) {
            if (i + 1 >= argc) return bad_usage("option %s needs a value", a);
            o->formats = plots_parse_formats(argv[++i]);
            if (o->formats < 0) return bad_usage("--format wants png, svg, pdf or a list like png,pdf, not '%s'", argv[i]);
            continue;
        }
        if (strlen(a) != 2 || !strchr("nsoj", a[1])) return bad_usage("unknown option '%s'", a);
        if (i + 1 >= argc) return bad_usage("option %s needs a value", a);
        const char *val = argv[++i];
        switch (a[1]) {
        case 'n':
            if (parse_long(val, 1, 1000000, &v)) return bad_usage("-n wants a number of replications, 1 to 1000000, not '%s'", val);
            o->reps = (long)v;
            break;
        case 's':
            if (parse_long(val, 0, 0x7fffffffffffffffLL, &v)) return bad_usage("-s wants a seed, a whole number >= 0, not '%s'", val);
            o->seed = v;
            break;
        case 'j':
            if (parse_long(val, 1, 1024, &v)) return bad_usage("-j wants a number of threads, 1 to 1024, not '%s'", val);
            o->jobs = (int)v;
            break;
        case 'o':
            o->outdir = val;
            break;
        }
    }
    return 0;
}

/* out/<stem of path> */
static void default_outdir(const char *path, char *buf, size_t n)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    const char *dot = strrchr(b, '.');
    int len = dot ? (int)(dot - b) : (int)strlen(b);
    snprintf(buf, n, "out/%.*s", len, b);
}

static int cmd_check(opts_t *o)
{
    if (o->nfiles != 1) return bad_usage("check wants one scenario file%s", "");
    errlist_t e;
    errlist_init(&e);
    scenario_t *s = scenario_load(o->files[0], &e);
    if (!s) {
        errlist_print(&e, stderr);
        errlist_clear(&e);
        return 2;
    }
    scenario_describe(s, stdout);
    rulebook_t *rb = rulebook_create(s);
    int rc = 0;
    if (rb) rulebook_describe(rb, stdout);
    else { fprintf(stderr, "caseflow: out of memory\n"); rc = 1; }
    rulebook_free(rb);
    scenario_free(s);
    errlist_clear(&e);
    return rc;
}

/* Every number of the scenario: path, value, unit and source. */
static int cmd_params(opts_t *o)
{
    if (o->nfiles != 1) return bad_usage("params wants one scenario file%s", "");
    errlist_t e;
    errlist_init(&e);
    scenario_t *s = scenario_load(o->files[0], &e);
    int rc = 2;
    if (s) rc = params_list(s, o->files[0], stdout, &e) ? 2 : 0;
    errlist_print(&e, stderr);
    errlist_clear(&e);
    scenario_free(s);
    return rc;
}

/* series.csv, summary.txt, run.yaml and the charts of one run. */
static int write_run(const results_t *r, const scenario_t *s, const char *outdir, const char *made,
                     int formats, errlist_t *e)
{
    if (out_mkdir(outdir, e) ||
        out_write(outdir, "series.csv", results_write_series, r, e) ||
        out_write(outdir, "summary.txt", results_write_summary, r, e))
        return -1;
    ptable_t *t = ptable_from_results(r);
    pmeta_t *m = pmeta_from_scenario(s, r->nrep, r->seed, made);
    int rc = -1;
    if (!t || !m) errlist_add(e, NULL, 0, 0, "out of memory preparing charts");
    else if (!out_write(outdir, "run.yaml", pmeta_write, m, e))
        rc = plots_render(plots_run, t, m, outdir, formats, e);
    ptable_free(t);
    pmeta_free(m);
    return rc;
}

static int cmd_plot(opts_t *o)
{
    if (o->nfiles != 1) return bad_usage("plot wants one output directory%s", "");
    errlist_t e;
    errlist_init(&e);
    char p[4200];
    snprintf(p, sizeof p, "%s/series.csv", o->files[0]);
    ptable_t *t = ptable_read_csv(p, &e);
    snprintf(p, sizeof p, "%s/run.yaml", o->files[0]);
    pmeta_t *m = t ? pmeta_read(p, &e) : NULL;
    int rc = 2;
    if (t && m) rc = plots_render(plots_run, t, m, o->files[0], o->formats, &e) ? 1 : 0;
    errlist_print(&e, stderr);
    errlist_clear(&e);
    ptable_free(t);
    pmeta_free(m);
    return rc;
}

static int cmd_compare(opts_t *o)
{
    if (o->nfiles < 2) return bad_usage("compare wants a base scenario and at least one policy scenario%s", "");
    errlist_t e;
    errlist_init(&e);
    int rc = 2;
    pmeta_t *m = NULL;
    compare_t *c = compare_create(o->nfiles, o->files, &e);
    if (!c) goto out;
    rc = 1;
    char outdir[4096];
    if (o->outdir) snprintf(outdir, sizeof outdir, "%s", o->outdir);
    else {
        const char *b = strrchr(o->files[1], '/');
        b = b ? b + 1 : o->files[1];
        const char *dot = strrchr(b, '.');
        snprintf(outdir, sizeof outdir, "out/compare-%.*s", dot ? (int)(dot - b) : (int)strlen(b), b);
    }
    int reps = o->reps > 0 ? (int)o->reps : (int)c->sc[0]->replications;
    uint64_t seed = o->seed >= 0 ? (uint64_t)o->seed : c->sc[0]->seed;
    if (compare_run(c, reps, seed, o->jobs, !o->quiet && isatty(2), &e)) goto out;
    char made[16];
    pmeta_today(made);
    m = pmeta_from_scenario(c->sc[0], reps, seed, made);
    if (!m || out_mkdir(outdir, &e) ||
        out_write(outdir, "difference.csv", compare_write_difference, c, &e) ||
        out_write(outdir, "levels.csv", compare_write_levels, c, &e) ||
        out_write(outdir, "headline.txt", compare_write_headline_txt, c, &e) ||
        out_write(outdir, "headline.csv", compare_write_headline_csv, c, &e) ||
        plots_render_compare(c, m, outdir, o->formats, &e))
        goto out;
    if (!o->quiet) {
        compare_write_headline_txt(stdout, c);
        printf("\nWrote %s/: difference.csv, levels.csv, headline.txt, headline.csv, difference and caseload_compare charts\n", outdir);
    }
    rc = 0;
out:
    errlist_print(&e, stderr);
    errlist_clear(&e);
    pmeta_free(m);
    compare_free(c);
    return rc;
}

static int cmd_run(opts_t *o)
{
    if (o->nfiles != 1) return bad_usage("run wants one scenario file%s", "");
    errlist_t e;
    errlist_init(&e);
    int rc = 2;
    layout_t *lay = NULL;
    results_t *r = NULL;
    scenario_t *s = scenario_load(o->files[0], &e);
    if (!s) goto out;
    rc = 1;
    char outdir[4096];
    if (o->outdir) snprintf(outdir, sizeof outdir, "%s", o->outdir);
    else default_outdir(o->files[0], outdir, sizeof outdir);
    int reps = o->reps > 0 ? (int)o->reps : (int)s->replications;
    uint64_t seed = o->seed >= 0 ? (uint64_t)o->seed : s->seed;
    lay = layout_create(s);
    r = lay ? results_create(s, lay, reps) : NULL;
    if (!r) { errlist_add(&e, NULL, 0, 0, "out of memory for %d replications", reps); goto out; }
    if (runner_run(r, seed, o->jobs, !o->quiet && isatty(2), &e)) goto out;
    /* Nothing is written before the run has succeeded. */
    char made[16];
    pmeta_today(made);
    if (write_run(r, s, outdir, made, o->formats, &e)) goto out;
    if (!o->quiet) {
        results_write_summary(stdout, r);
        printf("\nWrote %s/: series.csv, summary.txt, run.yaml and charts (caseload, caseload_by_type, flows%s), each with alt text\n", outdir, s->wf ? ", staffing, capacity" : "");
    }
    rc = 0;
out:
    errlist_print(&e, stderr);
    errlist_clear(&e);
    results_free(r);
    layout_free(lay);
    scenario_free(s);
    return rc;
}

int cli_main(int argc, char **argv)
{
    if (argc < 2) { fputs(usage_text, stderr); return 2; }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) { fputs(usage_text, stdout); return 0; }
    if (!strcmp(cmd, "--version")) { printf("caseflow %s\n", CASEFLOW_VERSION); return 0; }
    opts_t o = { 0 };
    int rc = parse_opts(argc - 2, argv + 2, &o);
    if (rc) { free(o.files); return rc; }
    if (!strcmp(cmd, "run")) rc = cmd_run(&o);
    else if (!strcmp(cmd, "check")) rc = cmd_check(&o);
    else if (!strcmp(cmd, "params")) rc = cmd_params(&o);
    else if (!strcmp(cmd, "plot")) rc = cmd_plot(&o);
    else if (!strcmp(cmd, "compare")) rc = cmd_compare(&o);
    else rc = bad_usage("unknown command '%s' (expected run, check, params, plot or compare)", cmd);
    free(o.files);
    return rc;
}
