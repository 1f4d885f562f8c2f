/* par.h: replications spread over the processes of an MPI job.
 *
 * Pipeline position: beside the runner (runner.c), which is its only user
 * with results.  Built with `make MPI=1` (mpicc, -DCASEFLOW_MPI) these talk
 * to MPI; in the ordinary build there is one process and every call is
 * trivial, so the rest of caseflow never says "MPI".
 *
 * Under `mpirun -np N caseflow-mpi run|compare|validate ...` every process
 * (rank) loads the same scenario and runs a contiguous block of the
 * replications (par_block); the blocks are gathered on rank 0, which
 * summarises and writes exactly what a one-process run writes: replication
 * r has the same seed whichever rank runs it, so the bytes are the same.
 * The other ranks write nothing (cli.c gives them a private folder that is
 * removed, and silences their output).  Any rank that fails ends the whole
 * job (MPI_Abort), so no rank is left waiting in a collective call.
 *
 * No state of its own: rank and size are asked of MPI each time. */
#ifndef CASEFLOW_PAR_H
#define CASEFLOW_PAR_H

#include <stddef.h>
#include <stdint.h>

/* MPI_Init when built with MPI; 0, or -1 when MPI cannot start. */
int par_start(int *argc, char ***argv);
/* MPI_Finalize when built with MPI (and started). */
void par_stop(void);
/* Ends every process of the job with exit code rc (MPI_Abort); a plain
 * exit otherwise.  For a rank that failed. */
void par_abort(int rc);
int par_rank(void);
int par_size(void);
/* The block [*lo, *hi) of n replications that this rank runs. */
void par_block(int n, int *lo, int *hi);
/* The largest of x over the ranks (every rank gets it). */
int par_max(int x);
/* The sum of x over the ranks (every rank gets it). */
uint64_t par_sum(uint64_t x);
/* Gathers every rank's block of `per` doubles a replication, of n
 * replications in v, onto rank 0's v.  0, or -1 when it is too large for
 * one MPI call or MPI fails. */
int par_gather(double *v, int n, size_t per);

#endif
