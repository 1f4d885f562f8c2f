/* budget.c: estimates and limits of a run (see budget.h). */
#include "budget.h"

#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "numfmt.h"
#include "scenario.h"

void budget_bytes_label(double bytes, char *buf, size_t len)
{
    double gib = 1024.0 * 1024 * 1024;
    if (bytes >= 1e6 * gib) snprintf(buf, len, "%.2g GiB", bytes / gib);
    else if (bytes >= gib) snprintf(buf, len, "%.1f GiB", bytes / gib);
    else snprintf(buf, len, "%.0f MiB", ceil(bytes / (1024.0 * 1024)));
}

int budget_plan(int n, const scenario_t *const *s, const layout_t *const *l, int nrep, int jobs,
                const budget_t *b, plan_t *p, errlist_t *e)
{
    double results = 0, model_bytes = 0, events = 0, people = 0;
    const char *file = s[0]->file;
    for (int i = 0; i < n; i++) {
        model_t *m = model_create(s[i], l[i]);
        if (!m) {
            errlist_add(e, NULL, 0, 0, "out of memory estimating the run");
            return -1;
        }
        model_estimate_t est;
        model_estimate(m, &est);
        model_free(m);
        /* replications, plus mean and three percentiles, month by series */
        results += ((double)nrep + 4) * (s[i]->horizon + 1) * (double)l[i]->n * sizeof(double);
        double mb = BUDGET_BYTES_PER_MODEL * (1 + s[i]->nregions) + est.peak_people * BUDGET_BYTES_PER_PERSON;
        if (mb > model_bytes) { model_bytes = mb; file = s[i]->file; }
        if (est.peak_people > people) people = est.peak_people;
        events += est.events * nrep;
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (cores < 1) cores = 1;
    if (jobs > nrep) jobs = nrep;
    if (jobs > cores) jobs = (int)cores;   /* more threads than cores buy nothing */
    while (jobs > 1 && results + jobs * model_bytes > b->max_bytes) jobs--;
    if (jobs < 1) jobs = 1;
    p->jobs = jobs;
    p->events = events;
    p->people = people;
    p->bytes = results + jobs * model_bytes;
    char need[32], lim[32], a[32], c[32], ev[32], pe[32];
    budget_bytes_label(p->bytes, need, sizeof need);
    budget_bytes_label(b->max_bytes, lim, sizeof lim);
    if (!(p->bytes <= b->max_bytes)) {
        budget_bytes_label(results, a, sizeof a);
        budget_bytes_label(model_bytes, c, sizeof c);
        if (people < 1e12) fmt_num(pe, sizeof pe, people, 0);
        else snprintf(pe, sizeof pe, "%.2g", people);
        errlist_add(e, file, 0, 0,
                    "the run needs about %s of memory (results of %d replications: %s; one replication holding about %s people at once: %s), more than the limit of %s (expected fewer replications, a shorter horizon or smaller volumes; or raise the limit with --max-memory GB)",
                    need, nrep, a, pe, c, lim);
        return -1;
    }
    if (!(events <= b->max_events)) {
        snprintf(ev, sizeof ev, "%.2g", events);
        snprintf(a, sizeof a, "%.2g", b->max_events);
        double hours = events / (3e6 * (double)jobs) / 3600;
        errlist_add(e, file, 0, 0,
                    "the run asks for about %s events (%d replication%s; about %.0f hours on %d thread%s), more than the limit of %s (expected fewer replications, a shorter horizon or warm-up, or smaller volumes and trends; or raise the limit with --max-events N)",
                    ev, nrep, nrep == 1 ? "" : "s", hours, jobs, jobs == 1 ? "" : "s", a);
        return -1;
    }
    /* Hard limits: the memory left for each thread's people, and the events
     * allowed in all. */
    double per = ((b->max_bytes - results) / jobs - BUDGET_BYTES_PER_MODEL) / BUDGET_BYTES_PER_PERSON;
    p->max_people = per < 1 ? 1 : per > 4e9 ? 4000000000u : (uint64_t)per;
    p->max_events = b->max_events > 1.8e19 ? UINT64_MAX : (uint64_t)b->max_events;
    return 0;
}
