/* runner.h: running replications on threads.
 *
 * Replication r always uses the seed runner_rep_seed(seed, r) and writes
 * only its own block of the results, so the output is the same whatever the
 * number of threads or MPI processes (par.h); and replication r of two
 * scenarios run with the same seed share their random streams (common
 * random numbers).  Block k of a results_t holds replication first + k, so
 * a shard (`--replications FIRST:COUNT`) runs exactly the replications a
 * whole run would. */
#ifndef CASEFLOW_RUNNER_H
#define CASEFLOW_RUNNER_H

#include "budget.h"
#include "results.h"

uint64_t runner_rep_seed(uint64_t seed, int rep);
/* Default number of threads: the number of online cores. */
int runner_default_jobs(void);
/* Runs r->nrep replications of r->sc on plan->jobs threads into r (and
 * summarises), within the plan's limits.  progress: draw a progress line on
 * stderr.  Returns 0; -1 with a message in e on a failure of the machine (out
 * of memory); -2 with a message when the scenario is at fault (a stock that
 * cannot be drawn, a run past its limits). */
int runner_run_plan(results_t *r, uint64_t seed, const plan_t *plan, int progress, errlist_t *e);
/* The same on `jobs` threads with no limits (tests and callers that have
 * planned nothing). */
int runner_run(results_t *r, uint64_t seed, int jobs, int progress, errlist_t *e);

#endif
