/* budget.h: what a run will ask of the machine, worked out before it starts.
 *
 * Pipeline position: scenario + layout -> (here) -> runner.  A legal scenario
 * can still ask for absurd work: a stock of 1e8, volumes growing 100% a year
 * for 50 years, a 200-year warm-up, a million replications.  budget_plan
 * estimates the events and the memory from the scenario's own rates
 * (model_estimate), refuses with the estimate what exceeds the limits, and
 * chooses how many threads to start: no more than the cores, the
 * replications, or the memory allow.  The plan also carries hard limits the
 * model enforces while running (people held at once, events in all), so a
 * run whose estimate was too low stops with a message instead of eating the
 * machine.
 *
 * Default limits suit a 2-core, 8 GB machine: 4 GiB and 2e10 events (about
 * an hour on two cores); `--max-memory GB` and `--max-events N` raise them. */
#ifndef CASEFLOW_BUDGET_H
#define CASEFLOW_BUDGET_H

#include <stdint.h>

#include "error.h"
#include "model.h"

#define BUDGET_DEFAULT_BYTES (4.0 * 1024 * 1024 * 1024)
#define BUDGET_DEFAULT_EVENTS 2e10
/* Memory a replication holds per person under supervision, measured on the
 * national baseline (about 400 bytes, with the case arrays' doubling slack),
 * rounded up; and per model, whatever the scenario. */
#define BUDGET_BYTES_PER_PERSON 512.0
#define BUDGET_BYTES_PER_MODEL (24.0 * 1024 * 1024)

typedef struct {
    double max_bytes;
    double max_events;
} budget_t;

typedef struct {
    int jobs;               /* threads to start */
    uint64_t max_people;    /* per replication: people held at once */
    uint64_t max_events;    /* over all replications of one scenario */
    double events;          /* estimated events, all scenarios and replications */
    double bytes;           /* estimated peak memory */
    double people;          /* estimated peak people in one replication */
} plan_t;

/* Plans nrep replications of each of n scenarios (a comparison runs them one
 * after another, keeping every scenario's results).  Returns 0, or -1 with
 * one message saying what was asked, the estimate and the limit. */
int budget_plan(int n, const scenario_t *const *s, const layout_t *const *l, int nrep, int jobs,
                const budget_t *b, plan_t *p, errlist_t *e);

/* "1.2 GiB", "850 MiB" */
void budget_bytes_label(double bytes, char *buf, size_t len);

#endif
