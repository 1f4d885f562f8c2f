/* runner.c: a pool of threads pulling replication numbers from a counter. */
#include "runner.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "numfmt.h"
#include "par.h"
#include "rng.h"

uint64_t runner_rep_seed(uint64_t seed, int rep) { return rng_mix(seed, (uint64_t)rep + 1); }

int runner_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

typedef struct {
    results_t *r;
    uint64_t seed;
    const plan_t *plan;
    int hi;                 /* this process runs blocks [next's start, hi) */
    atomic_int next;
    atomic_int done;
    atomic_int failed;      /* 1: out of memory; 2: stock cannot be drawn; 3: over a limit */
    atomic_ullong events;
    atomic_ullong ns[MS_N]; /* time in each stage of the model, summed over replications */
} pool_t;

static void *worker(void *arg)
{
    pool_t *p = arg;
    model_t *m = model_create(p->r->sc, p->r->lay);
    if (!m) { atomic_store(&p->failed, 1); return NULL; }
    for (;;) {
        int k = atomic_fetch_add(&p->next, 1);
        if (k >= p->hi || atomic_load(&p->failed)) break;
        uint64_t used = atomic_load(&p->events);
        uint64_t cap = p->plan->max_events; /* 0: no limit */
        uint64_t left = !cap ? 0 : cap > used ? cap - used : 1;
        model_set_limits(m, p->plan->max_people, left);
        /* block k holds replication first + k (a shard's blocks start later) */
        int rc = model_run(m, runner_rep_seed(p->seed, p->r->first + k), results_rep(p->r, k));
        if (rc) {
            atomic_store(&p->failed, rc == -2 ? 2 : rc == -3 ? 3 : 1);
            break;
        }
        model_stats st = model_last_stats(m);
        atomic_fetch_add(&p->events, st.events);
        for (int i = 0; i < MS_N; i++) atomic_fetch_add(&p->ns[i], st.ns[i]);
        atomic_fetch_add(&p->done, 1);
    }
    model_free(m);
    return NULL;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int runner_run(results_t *r, uint64_t seed, int jobs, int progress, errlist_t *e)
{
    plan_t plan = { .jobs = jobs };
    return runner_run_plan(r, seed, &plan, progress, e);
}

int runner_run_plan(results_t *r, uint64_t seed, const plan_t *plan, int progress, errlist_t *e)
{
    /* under MPI this process runs its block of the replications (par.h) */
    int lo, hi;
    par_block(r->nrep, &lo, &hi);
    int mine = hi - lo, jobs = plan->jobs;
    if (jobs > mine) jobs = mine;
    if (jobs < 1) jobs = 1;
    pool_t p = { .r = r, .seed = seed, .plan = plan, .hi = hi };
    atomic_init(&p.next, lo);
    atomic_init(&p.done, 0);
    atomic_init(&p.failed, 0);
    atomic_init(&p.events, 0);
    for (int i = 0; i < MS_N; i++) atomic_init(&p.ns[i], 0);
    pthread_t *th = calloc((size_t)jobs, sizeof *th);
    if (!th) { errlist_add(e, NULL, 0, 0, "out of memory starting threads"); return -1; }
    double t0 = now_s();
    int started = 0;
    for (int i = 0; i < jobs; i++)
        if (pthread_create(&th[i], NULL, worker, &p) == 0) started++;
        else break;
    if (!started && mine > 0) worker(&p); /* no threads to be had: run here */
    while (progress && started && atomic_load(&p.done) < mine && !atomic_load(&p.failed)) {
        struct timespec ts = { 0, 200000000 };
        nanosleep(&ts, NULL);
        int d = atomic_load(&p.done);
        double el = now_s() - t0;
        char left[32] = "left: estimating";
        if (d) snprintf(left, sizeof left, "left %.1f s", el / d * (mine - d));
        fprintf(stderr, "\r  replications %d/%d  elapsed %.1f s  %s   ", d, mine, el, left);
    }
    for (int i = 0; i < started; i++) pthread_join(th[i], NULL);
    if (progress) fprintf(stderr, "\r%60s\r", "");
    free(th);
    r->seed = seed;
    r->jobs = jobs * par_size(); /* threads in all, over every MPI process */
    /* every rank learns the worst failure and the events in all; rank 0
     * gets every block (one process: nothing to do) */
    int failed = par_max(atomic_load(&p.failed));
    r->events = par_sum(atomic_load(&p.events));
    for (int i = 0; i < MS_N; i++) r->stage_s[i] = 1e-9 * (double)par_sum(atomic_load(&p.ns[i]));
    if (!failed && par_gather(r->v, r->nrep, (size_t)r->nmonth * (size_t)r->nser)) {
        errlist_add(e, NULL, 0, 0, "the replications could not be gathered from the MPI processes");
        return -1;
    }
    r->seconds = now_s() - t0;
    if (failed == 2) {
        errlist_add(e, r->sc->stock_file, r->sc->stock_line, r->sc->stock_col,
                    "the starting stock cannot be drawn: no new case of this scenario ever reaches one of the stock's types (expected a stock only of types the disposals lead to)");
        return -2;
    }
    if (failed == 3) {
        char pe[32], ev[32];
        fmt_num(pe, sizeof pe, (double)plan->max_people, 0);
        snprintf(ev, sizeof ev, "%.2g", (double)plan->max_events);
        errlist_add(e, r->sc->file, 0, 0,
                    "the run went past its limits (%s people held at once in one replication, or %s events in all) although the estimate was within them (expected a scenario whose caseload stays near its estimate; raise the limits with --max-memory GB or --max-events N)",
                    pe, ev);
        return -2;
    }
    if (failed) {
        errlist_add(e, NULL, 0, 0, "out of memory during the simulation");
        return -1;
    }
    if (results_summarise(r)) {
        errlist_add(e, NULL, 0, 0, "out of memory summarising results");
        return -1;
    }
    return 0;
}
