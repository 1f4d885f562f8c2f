/* cli.c: the commands: run, check, params, plot, compare, validate, brief (and the
 * helpers they share). */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "brief.h"
#include "compare.h"
#include "conf.h"
#include "compare_charts.h"
#include "model.h"
#include "output.h"
#include "par.h"
#include "params.h"
#include "plots.h"
#include "table.h"
#include "results.h"
#include "validate.h"
#include "validate_chart.h"
#include "rulebook.h"
#include "runner.h"
#include "scenario.h"
#include "sensitivity.h"
#include "tornado.h"
#include "shard.h"

static const char *usage_text =
    "caseflow: probation caseload projections for England and Wales\n"
    "\n"
    "usage:\n"
    "  caseflow run SCENARIO.yaml [-n REPS] [-s SEED] [-o OUTDIR] [-j JOBS] [-q] [--format F] [limits]\n"
    "  caseflow run SCENARIO.yaml --replications FIRST:COUNT -o SHARDDIR [-s SEED] [-j JOBS] [-q]\n"
    "  caseflow merge SCENARIO.yaml SHARDDIR [SHARDDIR ...] [-s SEED] [-o OUTDIR] [-q] [--format F]\n"
    "  caseflow check SCENARIO.yaml [-n REPS] [-j JOBS] [limits]\n"
    "  caseflow params SCENARIO.yaml\n"
    "  caseflow plot OUTDIR [--format png,svg,pdf] [-q]  # a run's or a comparison's folder\n"
    "  caseflow compare BASE.yaml POLICY.yaml [POLICY2.yaml ...] [-n REPS] [-s SEED] [-o OUTDIR] [-j JOBS] [-q] [--format F] [limits]\n"
    "  caseflow validate [SCENARIO.yaml] [-n REPS] [-s SEED] [-o OUTDIR] [-j JOBS] [-q] [--strict] [limits]\n"
    "  caseflow sensitivity SCENARIO.yaml [POLICY.yaml] [--at MONTHS] [--measure caseload|fte|cost|capacity]\n"
    "                      [-n REPS] [-s SEED] [-o OUTDIR] [-j JOBS] [-q] [--format F] [limits]\n"
    "  caseflow brief OUTDIR                   # brief.pdf (A4) from a run's or a comparison's folder\n"
    "  caseflow --help | --version\n"
    "\n"
    "  -n REPS    replications (default: the scenario's)\n"
    "  -s SEED    run seed (default: the scenario's)\n"
    "  -o OUTDIR  output directory (default: out/<scenario file stem>)\n"
    "  -j JOBS    threads (default and most: the cores; results do not depend on it)\n"
    "  -q         quiet: no progress line (results are still printed and written)\n"
    "  --central  every assumption given a range at its central value (no draws):\n"
    "             the interval is then random variation only\n"
    "  --format F charts as png (default), svg, pdf, or several: png,pdf\n"
    "  --strict   validate: exit 1 when a held-out point misses its tolerance\n"
    "  --at M     sensitivity: the month read, M months after the policy starts\n"
    "             (after the start without a policy; default 24)\n"
    "  --measure  sensitivity: caseload (default), fte, cost or capacity; -n defaults to 20\n"
    "  --replications FIRST:COUNT  run: only replications FIRST to FIRST+COUNT-1 (a\n"
    "             shard), written to SHARDDIR/replications.bin for `caseflow merge`\n"
    "  limits:    --max-memory GB (default 4), --max-events N (default 2e10): a run\n"
    "             estimated to need more is refused before it starts\n"
    "\n"
    "OUTDIR is replaced whole, in one step, when the outputs are complete; it must\n"
    "be new, empty, or hold only caseflow's outputs.\n"
    "\n"
    "exit codes: 0 ok, 1 runtime failure, 2 bad usage or bad scenario\n";

typedef struct {
    long reps;      /* -1: scenario's */
    long long seed; /* -1: scenario's */
    const char *outdir;
    int jobs;
    int quiet;
    int formats;
    int strict;
    int central;     /* --central: every ranged assumption at its central value */
    int at;          /* sensitivity: --at MONTHS (0: not given) */
    int measure;     /* sensitivity: --measure (-1: not given) */
    long first, count;  /* --replications FIRST:COUNT (count 0: not a shard) */
    budget_t budget;
    int nfiles;
    char **files;
    int argc;        /* the command line, for made.txt */
    char **argv;
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
    o->measure = -1;
    o->jobs = runner_default_jobs();
    o->formats = PLOT_PNG;
    o->budget.max_bytes = BUDGET_DEFAULT_BYTES;
    o->budget.max_events = BUDGET_DEFAULT_EVENTS;
    o->files = calloc((size_t)argc, sizeof *o->files);
    if (!o->files) return 1;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        long long v;
        if (a[0] != '-' || !a[1]) { o->files[o->nfiles++] = argv[i]; continue; }
        if (!strcmp(a, "-q")) { o->quiet = 1; continue; }
        if (!strcmp(a, "--strict")) { o->strict = 1; continue; }
        if (!strcmp(a, "--central")) { o->central = 1; continue; }
        if (!strcmp(a, "--at") || !strcmp(a, "--measure")) {
            if (i + 1 >= argc) return bad_usage("option %s needs a value", a);
            const char *val = argv[++i];
            if (a[2] == 'a') {
                if (parse_long(val, 1, 600, &v)) return bad_usage("--at wants a number of months, 1 to 600, not '%s'", val);
                o->at = (int)v;
                continue;
            }
            for (int m = 0; m < SENS_N; m++)
                if (!strcmp(val, sens_measure_names[m])) o->measure = m;
            if (o->measure < 0) return bad_usage("--measure wants caseload, fte, cost or capacity, not '%s'", val);
            continue;
        }
        if (!strcmp(a, "--replications")) {
            if (i + 1 >= argc) return bad_usage("option %s needs a value", a);
            const char *val = argv[++i], *colon = strchr(val, ':');
            char head[32];
            long long f, c;
            if (!colon || colon - val >= (long)sizeof head) f = -1;
            else {
                snprintf(head, sizeof head, "%.*s", (int)(colon - val), val);
                if (parse_long(head, 0, 999999, &f) || parse_long(colon + 1, 1, 1000000 - f, &c)) f = -1;
            }
            if (f < 0) return bad_usage("--replications wants FIRST:COUNT, replications FIRST to FIRST+COUNT-1 below 1000000 (e.g. 0:50), not '%s'", val);
            o->first = (long)f;
            o->count = (long)c;
            continue;
        }
        if (!strcmp(a, "--format")) {
            if (i + 1 >= argc) return bad_usage("option %s needs a value", a);
            o->formats = plots_parse_formats(argv[++i]);
            if (o->formats < 0) return bad_usage("--format wants png, svg, pdf or a list like png,pdf, not '%s'", argv[i]);
            continue;
        }
        if (!strcmp(a, "--max-memory") || !strcmp(a, "--max-events")) {
            if (i + 1 >= argc) return bad_usage("option %s needs a value", a);
            const char *val = argv[++i];
            char *end;
            errno = 0;
            double x = strtod(val, &end);
            int mem = a[6] == 'm';
            if (end == val || *end || errno || !(x >= (mem ? 0.1 : 1e3)) || !(x <= (mem ? 1e6 : 1e18)))
                return bad_usage(mem ? "--max-memory wants gigabytes, 0.1 to 1000000, not '%s'"
                                     : "--max-events wants a number of events, 1e3 to 1e18, not '%s'", val);
            if (mem) o->budget.max_bytes = x * 1024 * 1024 * 1024;
            else o->budget.max_events = x;
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

/* The checks a scenario needs beyond its own file: what the model can see
 * (model_check) and the work it asks for (budget_plan).  Returns 0 or -1. */
static int check_work(const scenario_t *s, const layout_t *lay, int reps, int jobs, const budget_t *b,
                      plan_t *plan, errlist_t *e)
{
    if (!lay) { errlist_add(e, NULL, 0, 0, "out of memory"); return -1; }
    if (results_check_size(s, lay, e) || budget_plan(1, &s, &lay, reps, jobs, b, plan, e)) return -1;
    return model_check(s, lay, e);
}

/* The levers in force after `extends:`, in order, each with the file and
 * line it comes from (levers compose: an extending file adds its own after
 * the inherited ones unless it says `inherit_policy: false`). */
void cli_lever_sources(const scenario_t *s, FILE *out)
{
    errlist_t e;
    errlist_init(&e);
    cnode *root = scenario_tree(s->file, &e);
    cnode *pol = root ? cn_get(&e, root, "policy", 0, "") : NULL;
    if (pol && pol->type == CN_SEQ && pol->n > 0) {
        fprintf(out, "Levers in force, in order, with the file each comes from:\n");
        for (int i = 0; i < pol->n; i++) {
            cnode *l = pol->kid[i], *k = NULL, *f = NULL;
            if (l->type == CN_MAP) {
                k = cn_get(&e, l, "lever", 0, "");
                for (int op = 0; op < 3 && !k; op++) k = cn_get(&e, l, edit_op_names[op], 0, ""); /* a general edit: its path */
                f = cn_get(&e, l, "from", 0, "");
            }
            const char *file = l->file ? strrchr(l->file, '/') : NULL;
            file = file ? file + 1 : l->file ? l->file : "?";
            fprintf(out, "  %d. %s from %s (%s, line %d)\n", i + 1,
                    k && k->type == CN_SCALAR ? k->text : "?", f && f->type == CN_SCALAR ? f->text : "?", file, l->line);
        }
    }
    /* the demand path's volume levers come from its own section, not from
     * `policy:`; say so, or the list reads as complete without them */
    int ndemand = 0;
    for (int i = 0; i < s->nlevers; i++) ndemand += s->levers[i].demand;
    cnode *dm = root && ndemand ? cn_get(&e, root, "demand", 0, "") : NULL;
    cnode *chosen = dm && dm->type == CN_MAP ? cn_get(&e, dm, "path", 0, "") : NULL;
    if (chosen) {
        const char *file = chosen->file ? strrchr(chosen->file, '/') : NULL;
        file = file ? file + 1 : chosen->file ? chosen->file : "?";
        fprintf(out, "%s the %d volume lever%s of the demand path '%s' (chosen in %s, line %d), listed above under \"Demand path\".\n",
                pol && pol->type == CN_SEQ && pol->n > 0 ? "And" : "Levers in force:", ndemand, ndemand == 1 ? "" : "s",
                s->demand_path ? s->demand_path : "?", file, chosen->line);
    }
    errlist_clear(&e);
    cn_free(root);
}

static int cmd_check(opts_t *o)
{
    if (o->nfiles != 1) return bad_usage("check wants one scenario file%s", "");
    errlist_t e;
    errlist_init(&e);
    layout_t *lay = NULL;
    int rc = 2;
    plan_t plan;
    scenario_t *s = scenario_load(o->files[0], &e);
    if (s) lay = layout_create(s);
    int reps = s && o->reps > 0 ? (int)o->reps : s ? (int)s->replications : 0;
    if (s && !check_work(s, lay, reps, o->jobs, &o->budget, &plan, &e)) {
        scenario_describe(s, stdout);
        rulebook_t *rb = rulebook_create(s);
        if (rb) rulebook_describe(rb, stdout);
        rulebook_free(rb);
        cli_lever_sources(s, stdout);
        char mem[32];
        budget_bytes_label(plan.bytes, mem, sizeof mem);
        printf("Work: about %.2g events for %d replication%s (at most about %.3g people at once in each), about %s of memory on %d thread%s.\n",
               plan.events, reps, reps == 1 ? "" : "s", plan.people, mem, plan.jobs, plan.jobs == 1 ? "" : "s");
        rc = 0;
        if (fflush(stdout) || ferror(stdout)) {
            errlist_add(&e, NULL, 0, 0, "cannot write the description: %s", strerror(errno));
            rc = 1;
        }
    }
    errlist_print(&e, stderr);
    errlist_clear(&e);
    layout_free(lay);
    scenario_free(s);
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

/* ---- what travels with the results ---------------------------------------- */

/* A scalar as YAML: plain when it reads back as the same text, else quoted. */
static void emit_scalar(FILE *f, const cnode *n)
{
    const char *t = n->text ? n->text : "";
    int plain = !n->quoted && *t && !strchr(":#{}[],&*!|>'\"%@`?", t[0]) && !strchr(t, ':') && !strchr(t, '#') &&
                t[0] != ' ' && t[strlen(t) - 1] != ' ' && !strchr(t, '\n');
    if (t[0] == '-' && !(t[1] == '.' || (t[1] >= '0' && t[1] <= '9'))) plain = 0; /* "- x" would be a list */
    if (plain) { fputs(t, f); return; }
    fputc('"', f);
    for (const char *p = t; *p; p++) {
        if (*p == '"' || *p == '\\') fputc('\\', f);
        if (*p == '\n') { fputs("\\n", f); continue; }
        if ((unsigned char)*p >= 32) fputc(*p, f);
    }
    fputc('"', f);
}

static void emit_node(FILE *f, const cnode *n, int ind)
{
    for (int i = 0; i < n->n; i++) {
        const cnode *k = n->kid[i];
        fprintf(f, "%*s", ind, "");
        if (n->type == CN_MAP) fprintf(f, "%s:", n->key[i]);
        else fputc('-', f);
        if (k->type == CN_SCALAR) { fputc(' ', f); emit_scalar(f, k); fputc('\n', f); }
        else if (!k->n) fputs(k->type == CN_MAP ? " {}\n" : " []\n", f);
        else { fputc('\n', f); emit_node(f, k, ind + 2); }
    }
}

/* scenario.yaml: the scenario as it ran, after `extends:` (levers composed). */
static int write_resolved(FILE *f, const void *path)
{
    errlist_t e;
    errlist_init(&e);
    cnode *root = scenario_tree(path, &e);
    errlist_clear(&e);
    if (!root) return -1;
    fprintf(f, "# The scenario as caseflow ran it, after extends: (levers composed).  The\n"
               "# sources of its numbers are in the params listing beside it.\n");
    emit_node(f, root, 0);
    cn_free(root);
    return ferror(f) ? -1 : 0;
}

/* check.txt: what `caseflow check` says about the scenario. */
static int write_check(FILE *f, const void *ctx)
{
    const scenario_t *s = ctx;
    scenario_describe(s, f);
    rulebook_t *rb = rulebook_create(s);
    if (rb) rulebook_describe(rb, f);
    rulebook_free(rb);
    cli_lever_sources(s, f);
    return ferror(f) ? -1 : 0;
}

/* params.txt: every number of the scenario with its unit and source. */
static int write_params(FILE *f, const void *ctx)
{
    const scenario_t *s = ctx;
    errlist_t e;
    errlist_init(&e);
    int rc = params_list(s, s->file, f, &e);
    errlist_clear(&e);
    return rc || ferror(f) ? -1 : 0;
}

typedef struct { const opts_t *o; const char *made; long reps; unsigned long long seed; } made_t;

static int write_made(FILE *f, const void *ctx)
{
    const made_t *m = ctx;
    const opts_t *o = m->o;
    fprintf(f, "Made by caseflow %s on %s.\nReplications: %ld, seed %llu (results do not depend on the number of threads).\nCommand: caseflow %s",
            CASEFLOW_VERSION, m->made, m->reps, m->seed, o->argv[1]);
    /* the command, its files and every option that changes the numbers,
     * from what was parsed (not the words typed: `--central` takes no
     * value, `-o DIR` is not a file); where the outputs go, threads,
     * formats and limits do not change them */
    for (int i = 0; i < o->nfiles; i++) fprintf(f, " %s", o->files[i]);
    if (o->central) fprintf(f, " --central");
    if (o->at) fprintf(f, " --at %d", o->at);
    if (o->measure >= 0) fprintf(f, " --measure %s", sens_measure_names[o->measure]);
    if (o->count) fprintf(f, " --replications %ld:%ld", o->first, o->count); /* a shard */
    else if (strcmp(o->argv[1], "merge")) fprintf(f, " -n %ld", m->reps);   /* merge takes them from its shards */
    fprintf(f, " -s %llu\n", m->seed);
    return ferror(f) ? -1 : 0;
}

/* The scenario's record in OUTDIR: resolved YAML, check and params listing,
 * each suffixed "-STEM" in a comparison. */
static int write_record(output_t *out, const scenario_t *s, const char *stem, errlist_t *e)
{
    char a[300], b[300], c[300];
    snprintf(a, sizeof a, "scenario%s%s.yaml", stem ? "-" : "", stem ? stem : "");
    snprintf(b, sizeof b, "check%s%s.txt", stem ? "-" : "", stem ? stem : "");
    snprintf(c, sizeof c, "params%s%s.txt", stem ? "-" : "", stem ? stem : "");
    return output_write(out, a, write_resolved, s->file, e) || output_write(out, b, write_check, s, e) ||
           output_write(out, c, write_params, s, e) ? -1 : 0;
}

static int write_text(FILE *f, const void *text) { return fputs(text, f) < 0 ? -1 : 0; }

/* Writes the files of one run into the private folder of an output: the
 * summary is the text made by results_write_summary (*summary, printed
 * after by the caller).  Charts are drawn from a table of the results, so
 * the results' own values are freed before drawing (r keeps its facts). */
static int write_run(results_t *r, const scenario_t *s, output_t *out, const char *dir,
                     const char *made, int formats, const char *summary, errlist_t *e)
{
    if (output_write(out, "series.csv", results_write_series, r, e) ||
        output_write(out, "summary.txt", write_text, summary, e))
        return -1;
    ptable_t *t = ptable_from_results(r);
    pmeta_t *m = pmeta_from_scenario(s, r->nrep, r->seed, made);
    int rc = -1;
    if (!t || !m || pmeta_fan_from_results(m, r)) errlist_add(e, NULL, 0, 0, "out of memory preparing charts");
    else if (!output_write(out, "run.yaml", pmeta_write, m, e)) {
        results_drop_values(r);
        rc = plots_render(plots_run, t, m, dir, formats, e);
    }
    ptable_free(t);
    pmeta_free(m);
    return rc;
}

static int keep_all(output_t *out, const char *dir, const char *skip, int charts_too, errlist_t *e);

/* caseflow plot OUTDIR on a comparison's folder: its charts again, from
 * compare.yaml, levels.csv and difference.csv; every other file is kept. */
static int plot_compare(opts_t *o)
{
    errlist_t e;
    errlist_init(&e);
    cview_t *v = cview_read(o->files[0], &e);
    int rc = 2, usage = 0;
    output_t *out = NULL;
    if (v && !(out = output_begin(o->files[0], &usage, &e))) rc = usage ? 2 : 1;
    if (out) {
        rc = 1;
        const char *dir = output_stage(out, &e);
        if (dir && !keep_all(out, o->files[0], NULL, 0, &e) && !plots_render_compare(v, dir, o->formats, &e)) {
            rc = output_commit(out, &e) ? 1 : 0;
            out = NULL;
        }
        output_abort(out);
    }
    errlist_print(&e, stderr);
    errlist_clear(&e);
    cview_free(v);
    return rc;
}

static int cmd_plot(opts_t *o)
{
    if (o->nfiles != 1) return bad_usage("plot wants one output directory%s", "");
    char p[4200];
    snprintf(p, sizeof p, "%s/compare.yaml", o->files[0]);
    if (access(p, F_OK) == 0) return plot_compare(o);
    errlist_t e;
    errlist_init(&e);
    snprintf(p, sizeof p, "%s/series.csv", o->files[0]);
    ptable_t *t = ptable_read_csv(p, &e);
    snprintf(p, sizeof p, "%s/run.yaml", o->files[0]);
    pmeta_t *m = t ? pmeta_read(p, &e) : NULL;
    int rc = 2, usage = 0;
    output_t *out = NULL;
    if (t && m && !(out = output_begin(o->files[0], &usage, &e))) rc = usage ? 2 : 1;
    if (out) {
        /* the redraw replaces the folder whole: every file but the charts
         * goes with it (series, summary, the scenario's record, made.txt) */
        rc = 1;
        const char *dir = output_stage(out, &e);
        if (dir && !keep_all(out, o->files[0], NULL, 0, &e) && !plots_render(plots_run, t, m, dir, o->formats, &e)) {
            rc = output_commit(out, &e) ? 1 : 0;
            out = NULL;
        }
        output_abort(out);
    }
    errlist_print(&e, stderr);
    errlist_clear(&e);
    ptable_free(t);
    pmeta_free(m);
    return rc;
}

/* Copies every file of dir that caseflow made, except skip, into the
 * staged output (so a redraw or a brief keeps the folder's data). */
static int keep_all(output_t *out, const char *dir, const char *skip, int charts_too, errlist_t *e)
{
    DIR *d = opendir(dir);
    if (!d) { errlist_add(e, dir, 0, 0, "cannot read the folder: %s", strerror(errno)); return -1; }
    int rc = 0;
    struct dirent *de;
    while (!rc && (de = readdir(d))) {
        const char *n = de->d_name;
        size_t len = strlen(n);
        if (n[0] == '.' || (skip && !strcmp(n, skip))) continue;
        int chart = len > 4 && (!strcmp(n + len - 4, ".png") || !strcmp(n + len - 4, ".svg") || !strcmp(n + len - 4, ".pdf"));
        if (chart && !charts_too && strcmp(n, "brief.pdf")) continue;
        char p[4400];
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", dir, n);
        if (lstat(p, &st) || !S_ISREG(st.st_mode)) continue;
        rc = output_keep(out, n, e);
    }
    closedir(d);
    return rc;
}

/* caseflow brief OUTDIR: brief.pdf from what a run or comparison wrote. */
static int cmd_brief(opts_t *o)
{
    if (o->nfiles != 1) return bad_usage("brief wants one output directory (a run's or a comparison's)%s", "");
    errlist_t e;
    errlist_init(&e);
    const char *dir = o->files[0];
    char p[4400], made[16];
    int rc = 2, usage = 0;
    snprintf(p, sizeof p, "%s/made.txt", dir);
    FILE *mf = fopen(p, "r");
    /* "Made by caseflow V on YYYY-MM-DD." */
    char line[256] = "";
    if (mf) { if (!fgets(line, sizeof line, mf)) line[0] = 0; fclose(mf); }
    const char *on = strstr(line, " on ");
    if (!on || strlen(on) < 14) {
        errlist_add(&e, p, 0, 0, "cannot read it (expected a folder written by caseflow run or caseflow compare, which write made.txt)");
        goto done;
    }
    snprintf(made, sizeof made, "%.10s", on + 4);
    output_t *out = output_begin(dir, &usage, &e);
    if (!out) { rc = usage ? 2 : 1; goto done; }
    rc = 1;
    brief_t b = { dir, made };
    if (output_stage(out, &e) && !keep_all(out, dir, "brief.pdf", 1, &e) && !output_write(out, "brief.pdf", brief_write, &b, &e)) {
        rc = output_commit(out, &e) ? 1 : 0;
        out = NULL;
        if (!rc && !o->quiet) printf("Wrote %s/brief.pdf\n", dir);
    }
    output_abort(out);
done:
    errlist_print(&e, stderr);
    errlist_clear(&e);
    return rc;
}

static void outdir_for(const opts_t *o, const char *prefix, const char *file, char *buf, size_t n)
{
    if (o->outdir) { snprintf(buf, n, "%s", o->outdir); return; }
    const char *b = strrchr(file, '/');
    b = b ? b + 1 : file;
    const char *dot = strrchr(b, '.');
    snprintf(buf, n, "out/%s%.*s", prefix, dot ? (int)(dot - b) : (int)strlen(b), b);
}

static int cmd_compare(opts_t *o)
{
    if (o->nfiles < 2) return bad_usage("compare wants a base scenario and at least one policy scenario%s", "");
    errlist_t e;
    errlist_init(&e);
    int rc = 2, usage = 0;
    cview_t *v = NULL;
    output_t *out = NULL;
    plan_t plan;
    compare_t *c = compare_create(o->nfiles, o->files, &e);
    if (!c) goto done;
    for (int i = 0; i < c->n; i++) c->sc[i]->central = o->central;
    char outdir[4096];
    outdir_for(o, "compare-", o->files[1], outdir, sizeof outdir);
    int reps = o->reps > 0 ? (int)o->reps : (int)c->sc[0]->replications;
    uint64_t seed = o->seed >= 0 ? (uint64_t)o->seed : c->sc[0]->seed;
    if (budget_plan(c->n, (const scenario_t *const *)c->sc, (const layout_t *const *)c->lay, reps, o->jobs,
                    &o->budget, &plan, &e))
        goto done;
    for (int i = 0; i < c->n; i++)
        if (results_check_size(c->sc[i], c->lay[i], &e) || model_check(c->sc[i], c->lay[i], &e)) goto done;
    if (!(out = output_begin(outdir, &usage, &e))) { rc = usage ? 2 : 1; goto done; }
    rc = compare_run_plan(c, reps, seed, &plan, !o->quiet && isatty(2), &e) == -2 ? 2 : 1;
    if (e.count) goto done;
    char made[16];
    pmeta_today(made);
    if (!(v = cview_from_compare(c, made))) errlist_add(&e, NULL, 0, 0, "out of memory preparing charts");
    const char *dir = v ? output_stage(out, &e) : NULL;
    if (!dir ||
        output_write(out, "difference.csv", compare_write_difference, c, &e) ||
        output_write(out, "levels.csv", compare_write_levels, c, &e) ||
        output_write(out, "headline.txt", compare_write_headline_txt, c, &e) ||
        output_write(out, "headline.csv", compare_write_headline_csv, c, &e) ||
        output_write(out, "decision.csv", compare_write_decision, c, &e) ||
        output_write(out, "made.txt", write_made, &(made_t){ o, made, reps, (unsigned long long)seed }, &e) ||
        output_write(out, "compare.yaml", cview_write, v, &e) ||
        plots_render_compare(v, dir, o->formats, &e))
        goto done;
    for (int i = 0; i < c->n; i++)
        if (write_record(out, c->sc[i], c->stem[i], &e)) goto done;
    int committed = output_commit(out, &e);
    out = NULL;
    if (committed) goto done;
    { /* -q silences only the progress line */
        compare_write_headline_txt(stdout, c);
        printf("\nWrote %s/: headline.txt, decision.csv, headline.csv, difference.csv, levels.csv, the charts with alt text, and each scenario as run (scenario-*.yaml, check-*.txt, params-*.txt, made.txt); caseflow brief %s makes brief.pdf\n", outdir, outdir);
    }
    rc = 0;
done:
    output_abort(out);
    errlist_print(&e, stderr);
    errlist_clear(&e);
    cview_free(v);
    compare_free(c);
    return rc;
}

/* A fingerprint of the scenario as run (its resolved YAML), for shards. */
static uint64_t scenario_key(const scenario_t *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return 0;
    write_resolved(f, s->file);
    fclose(f);
    uint64_t h = shard_fnv(SHARD_FNV0, buf, len);
    if (s->central) h = shard_fnv(h, "--central", 9); /* draws or none: shards of both do not merge */
    free(buf);
    return h;
}

/* Writes a whole run's folder (series, summary, charts, the scenario's
 * record, made.txt) and puts it in place; takes `out` (freed either way).
 * 0, or -1 with a message in e. */
/* Writes a run's folder and commits it; *summary (freed by the caller) is
 * summary.txt's text, to print.  r keeps only its facts after (write_run). */
static int finish_run(const opts_t *o, results_t *r, const scenario_t *s, output_t *out, char **summary, errlist_t *e)
{
    char made[16];
    pmeta_today(made);
    size_t len = 0;
    FILE *mf = open_memstream(summary, &len);
    int bad = !mf || results_write_summary(mf, r);
    if (mf && fclose(mf)) bad = 1;
    if (bad) {
        errlist_add(e, NULL, 0, 0, "out of memory writing the summary");
        output_abort(out);
        return -1;
    }
    const char *dir = output_stage(out, e);
    if (!dir || write_run(r, s, out, dir, made, o->formats, *summary, e) || write_record(out, s, NULL, e) ||
        output_write(out, "made.txt", write_made, &(made_t){ o, made, r->nrep, (unsigned long long)r->seed }, e)) {
        output_abort(out);
        return -1;
    }
    return output_commit(out, e) ? -1 : 0;
}

static int cmd_run(opts_t *o)
{
    if (o->nfiles != 1) return bad_usage("run wants one scenario file%s", "");
    errlist_t e;
    errlist_init(&e);
    int rc = 2, usage = 0;
    layout_t *lay = NULL;
    results_t *r = NULL;
    output_t *out = NULL;
    char *summary = NULL;
    plan_t plan;
    scenario_t *s = scenario_load(o->files[0], &e);
    if (!s) goto done;
    s->central = o->central;
    char outdir[4096];
    outdir_for(o, "", o->files[0], outdir, sizeof outdir);
    int reps = o->count ? (int)o->count : o->reps > 0 ? (int)o->reps : (int)s->replications;
    uint64_t seed = o->seed >= 0 ? (uint64_t)o->seed : s->seed;
    lay = layout_create(s);
    if (o->count && o->reps > 0) { errlist_add(&e, NULL, 0, 0, "-n with --replications (expected one of them: a shard runs COUNT replications)"); goto done; }
    if (check_work(s, lay, reps, o->jobs, &o->budget, &plan, &e)) goto done;
    /* a bad OUTDIR is refused before the work, not after */
    if (!(out = output_begin(outdir, &usage, &e))) { rc = usage ? 2 : 1; goto done; }
    rc = 1;
    r = results_create(s, lay, reps);
    if (!r) { errlist_add(&e, NULL, 0, 0, "out of memory for %d replications", reps); goto done; }
    r->first = (int)o->first;
    int rr = runner_run_plan(r, seed, &plan, !o->quiet && isatty(2), &e);
    if (rr) { rc = rr == -2 ? 2 : 1; goto done; }
    /* Nothing is written before the run has succeeded, and then all at once. */
    if (o->count) { /* a shard: its replications, for `caseflow merge` */
        char made[16];
        pmeta_today(made);
        const char *dir = output_stage(out, &e);
        shard_out_t so = { r, scenario_key(s) };
        if (!dir || output_write(out, "replications.bin", shard_write, &so, &e) || write_record(out, s, NULL, &e) ||
            output_write(out, "made.txt", write_made, &(made_t){ o, made, reps, (unsigned long long)seed }, &e))
            goto done;
        int committed = output_commit(out, &e);
        out = NULL;
        if (committed) goto done;
        printf("Wrote %s/replications.bin: replications %ld to %ld of %s, seed %llu; merge the shards with caseflow merge %s SHARDDIR ...\n",
               outdir, o->first, o->first + o->count - 1, o->files[0], (unsigned long long)seed, o->files[0]);
        rc = 0;
        goto done;
    }
    results_drop_replications(r); /* the summaries are made: free the replications before drawing */
    int finished = finish_run(o, r, s, out, &summary, &e);
    out = NULL;
    if (finished) goto done;
    { /* -q silences only the progress line */
        fputs(summary, stdout);
        results_write_timing(stdout, r);
        printf("\nWrote %s/: series.csv, summary.txt, run.yaml and charts (caseload, caseload_by_type, flows%s%s), each with alt text\n", outdir,
               s->wf ? ", staffing, capacity" : "", s->wf && s->nregions ? ", regions_capacity, regions_gap, regions_map" : "");
    }
    rc = 0;
done:
    free(summary);
    output_abort(out);
    errlist_print(&e, stderr);
    errlist_clear(&e);
    results_free(r);
    layout_free(lay);
    scenario_free(s);
    return rc;
}

/* caseflow merge SCENARIO SHARDDIR...: the shards' replications as one run
 * (shard.h), written as `caseflow run` writes it. */
static int cmd_merge(opts_t *o)
{
    if (o->nfiles < 2) return bad_usage("merge wants the scenario file and one or more shard folders%s", "");
    if (o->count || o->reps > 0) return bad_usage("merge takes its replications from the shards (no -n or --replications)%s", "");
    errlist_t e;
    errlist_init(&e);
    int rc = 2, usage = 0;
    layout_t *lay = NULL;
    results_t *r = NULL;
    output_t *out = NULL;
    char *summary = NULL;
    char **paths = calloc((size_t)o->nfiles, sizeof *paths);
    scenario_t *s = paths ? scenario_load(o->files[0], &e) : NULL;
    if (!s) goto done;
    s->central = o->central;
    for (int i = 1; i < o->nfiles; i++) {
        struct stat st;
        int isdir = !stat(o->files[i], &st) && S_ISDIR(st.st_mode);
        size_t n = strlen(o->files[i]) + 32;
        if (!(paths[i - 1] = malloc(n))) { rc = 1; goto done; }
        snprintf(paths[i - 1], n, isdir ? "%s/replications.bin" : "%s", o->files[i]);
    }
    char outdir[4096];
    outdir_for(o, "", o->files[0], outdir, sizeof outdir);
    uint64_t seed = o->seed >= 0 ? (uint64_t)o->seed : s->seed;
    lay = layout_create(s);
    if (!lay) { rc = 1; goto done; }
    if (!(out = output_begin(outdir, &usage, &e))) { rc = usage ? 2 : 1; goto done; }
    if (!(r = shard_merge(s, lay, seed, scenario_key(s), paths, o->nfiles - 1, o->budget.max_bytes, &usage, &e))) { rc = usage ? 2 : 1; goto done; }
    rc = 1;
    results_drop_replications(r);
    int finished = finish_run(o, r, s, out, &summary, &e);
    out = NULL;
    if (finished) goto done;
    if (!o->quiet) fputs(summary, stdout);
    printf("\nWrote %s/ from %d shard%s (%d replications): series.csv, summary.txt, run.yaml and charts, each with alt text\n",
           outdir, o->nfiles - 1, o->nfiles == 2 ? "" : "s", r->nrep);
    rc = 0;
done:
    free(summary);
    output_abort(out);
    errlist_print(&e, stderr);
    errlist_clear(&e);
    for (int i = 0; paths && i < o->nfiles; i++) free(paths[i]);
    free(paths);
    results_free(r);
    layout_free(lay);
    scenario_free(s);
    return rc;
}

/* The backcast against the published figures (validate.h): run, compare,
 * write validate.csv, validate.txt, series.csv and a chart per target. */
static int cmd_validate(opts_t *o)
{
    if (o->nfiles > 1) return bad_usage("validate wants at most one scenario file%s", "");
    const char *file = o->nfiles ? o->files[0] : VALIDATE_SCENARIO;
    errlist_t e;
    errlist_init(&e);
    int rc = 2, usage = 0;
    layout_t *lay = NULL;
    results_t *r = NULL;
    output_t *out = NULL;
    validate_t *v = NULL;
    pmeta_t *m = NULL;
    plan_t plan;
    scenario_t *s = scenario_load(file, &e);
    if (!s || !(v = validate_load(VALIDATE_TARGETS, VALIDATE_PUBLISHED, &e))) goto done;
    s->central = o->central;
    char outdir[4096];
    outdir_for(o, "validate-", file, outdir, sizeof outdir);
    int reps = o->reps > 0 ? (int)o->reps : (int)s->replications;
    uint64_t seed = o->seed >= 0 ? (uint64_t)o->seed : s->seed;
    lay = layout_create(s);
    if (check_work(s, lay, reps, o->jobs, &o->budget, &plan, &e) || validate_bind(v, lay->n, lay->name, lay->is_flow, &e))
        goto done;
    if (!(out = output_begin(outdir, &usage, &e))) { rc = usage ? 2 : 1; goto done; }
    rc = 1;
    r = results_create(s, lay, reps);
    if (!r) { errlist_add(&e, NULL, 0, 0, "out of memory for %d replications", reps); goto done; }
    int rr = runner_run_plan(r, seed, &plan, !o->quiet && isatty(2), &e);
    if (rr) { rc = rr == -2 ? 2 : 1; goto done; }
    char made[16];
    pmeta_today(made);
    if (validate_compare_results(v, r) || !(m = pmeta_from_scenario(s, reps, seed, made))) {
        errlist_add(&e, NULL, 0, 0, "out of memory comparing with the published figures");
        goto done;
    }
    const char *dir = output_stage(out, &e);
    if (!dir || output_write(out, "validate.csv", validate_write_csv, v, &e) ||
        output_write(out, "validate.txt", validate_write_table, v, &e) ||
        output_write(out, "series.csv", results_write_series, r, &e) || validate_charts_render(v, m, dir, o->formats, &e))
        goto done;
    int committed = output_commit(out, &e);
    out = NULL;
    if (committed) goto done;
    { /* -q silences only the progress line */
        validate_write_table(stdout, v);
        printf("\nWrote %s/: validate.csv, validate.txt, series.csv and a chart per series, each with alt text\n", outdir);
    }
    int missed = validate_missed_held_out(v);
    rc = 0;
    if (o->strict && missed) {
        errlist_add(&e, NULL, 0, 0, "%d held-out point%s outside tolerance (--strict)", missed, missed == 1 ? "" : "s");
        rc = 1;
    }
done:
    output_abort(out);
    errlist_print(&e, stderr);
    errlist_clear(&e);
    pmeta_free(m);
    validate_free(v);
    results_free(r);
    layout_free(lay);
    scenario_free(s);
    return rc;
}

/* caseflow sensitivity: each ranged assumption alone at low and high
 * (sensitivity.h): sensitivity.csv, sensitivity.txt, the tornado chart. */
static int cmd_sensitivity(opts_t *o)
{
    if (o->nfiles < 1 || o->nfiles > 2) return bad_usage("sensitivity wants a scenario, or a base and one policy%s", "");
    errlist_t e;
    errlist_init(&e);
    int rc = 2, usage = 0;
    output_t *out = NULL;
    plan_t plan;
    sens_t sv = { 0 };
    compare_t *c = compare_create(o->nfiles, o->files, &e);
    if (!c) goto done;
    char outdir[4096];
    outdir_for(o, "sensitivity-", o->files[o->nfiles - 1], outdir, sizeof outdir);
    int reps = o->reps > 0 ? (int)o->reps : 20;
    uint64_t seed = o->seed >= 0 ? (uint64_t)o->seed : c->sc[0]->seed;
    if (budget_plan(c->n, (const scenario_t *const *)c->sc, (const layout_t *const *)c->lay, reps, o->jobs, &o->budget,
                    &plan, &e))
        goto done;
    compare_free(c);
    c = NULL;
    if (!(out = output_begin(outdir, &usage, &e))) { rc = usage ? 2 : 1; goto done; }
    int sr = sens_run(&sv, o->nfiles, o->files, o->measure < 0 ? SENS_CASELOAD : o->measure, o->at ? o->at : 24, reps,
                      (unsigned long long)seed, &plan, !o->quiet && isatty(2), &e);
    if (sr) { rc = sr == -2 ? 2 : 1; goto done; }
    rc = 1;
    char made[16];
    pmeta_today(made);
    const char *dir = output_stage(out, &e);
    if (!dir || output_write(out, "sensitivity.csv", sens_write_csv, &sv, &e) ||
        output_write(out, "sensitivity.txt", sens_write_txt, &sv, &e) ||
        output_write(out, "made.txt", write_made, &(made_t){ o, made, reps, (unsigned long long)seed }, &e) ||
        tornado_render(&sv, made, dir, o->formats, &e))
        goto done;
    int committed = output_commit(out, &e);
    out = NULL;
    if (committed) goto done;
    sens_write_txt(stdout, &sv);
    printf("\nWrote %s/: sensitivity.csv, sensitivity.txt and the tornado chart with alt text\n", outdir);
    rc = 0;
done:
    output_abort(out);
    errlist_print(&e, stderr);
    errlist_clear(&e);
    compare_free(c);
    sens_free(&sv);
    return rc;
}

int cli_main(int argc, char **argv)
{
    if (argc < 2) { fputs(usage_text, stderr); return 2; }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) { fputs(usage_text, stdout); return 0; }
    if (!strcmp(cmd, "--version")) { printf("caseflow %s\n", CASEFLOW_VERSION); return 0; }
    for (int i = 2; i < argc; i++) /* `caseflow run --help` and the like */
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) { fputs(usage_text, stdout); return 0; }
    opts_t o = { 0 };
    o.argc = argc;
    o.argv = argv;
    int rc = parse_opts(argc - 2, argv + 2, &o);
    if (!rc && o.strict && strcmp(cmd, "validate")) rc = bad_usage("--strict is an option of validate only%s", "");
    if (!rc && (o.at || o.measure >= 0) && strcmp(cmd, "sensitivity")) rc = bad_usage("--at and --measure are options of sensitivity only%s", "");
    if (!rc && o.count && strcmp(cmd, "run")) rc = bad_usage("--replications is an option of run only%s", "");
    if (rc) { free(o.files); return rc; }
    if (!strcmp(cmd, "run")) rc = cmd_run(&o);
    else if (!strcmp(cmd, "check")) rc = cmd_check(&o);
    else if (!strcmp(cmd, "params")) rc = cmd_params(&o);
    else if (!strcmp(cmd, "plot")) rc = cmd_plot(&o);
    else if (!strcmp(cmd, "compare")) rc = cmd_compare(&o);
    else if (!strcmp(cmd, "validate")) rc = cmd_validate(&o);
    else if (!strcmp(cmd, "brief")) rc = cmd_brief(&o);
    else if (!strcmp(cmd, "sensitivity")) rc = cmd_sensitivity(&o);
    else if (!strcmp(cmd, "merge")) rc = cmd_merge(&o);
    else rc = bad_usage("unknown command '%s' (expected run, check, params, plot, compare, validate, sensitivity, brief or merge)", cmd);
    free(o.files);
    return rc;
}

int cli_job(int argc, char **argv)
{
    if (par_size() == 1) return cli_main(argc, argv);
    /* Under MPI (par.h): rank 0 is the run as the user sees it; the other
     * ranks take part in the runs of run, compare and validate, silently,
     * writing into a private folder that is then removed, and do nothing
     * for the other commands.  A failure on any rank ends the job. */
    int rc;
    if (par_rank() == 0) rc = cli_main(argc, argv);
    else if (argc < 2 || (strcmp(argv[1], "run") && strcmp(argv[1], "compare") && strcmp(argv[1], "validate"))) rc = 0;
    else {
        char tmp[] = "/tmp/caseflow-rank-XXXXXX", dir[64];
        char **av = calloc((size_t)argc + 3, sizeof *av);
        if (!av || !mkdtemp(tmp) || !freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) par_abort(1);
        snprintf(dir, sizeof dir, "%s/out", tmp);
        int n = 0;
        for (int i = 0; i < argc; i++) {
            if (!strcmp(argv[i], "-o") && i + 1 < argc) { i++; continue; }
            av[n++] = argv[i];
        }
        av[n++] = "-o";
        av[n++] = dir;
        rc = cli_main(n, av);
        output_remove_flat(dir);
        rmdir(tmp);
        free(av);
    }
    if (rc) par_abort(rc);
    return rc;
}
