/* runner.h: running replications on threads.
 *
 * Replication r always uses the seed runner_rep_seed(seed, r) and writes
 * only its own block of the results, so the output is the same whatever the
 * number of threads; and replication r of two scenarios run with the same
 * seed share their random streams (common random numbers). */
#ifndef CASEFLOW_RUNNER_H
#define CASEFLOW_RUNNER_H

#include "results.h"

uint64_t runner_rep_seed(uint64_t seed, int rep);
/* Default number of threads: the number of online cores. */
int runner_default_jobs(void);
/* Runs r->nrep replications of r->sc on `jobs` threads into r (and
 * summarises).  progress: draw a progress line on stderr.  Returns 0, or -1
 * with a message in e. */
int runner_run(results_t *r, uint64_t seed, int jobs, int progress, errlist_t *e);

#endif
