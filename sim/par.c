/* par.c: replications over MPI ranks (par.h); trivial without MPI. */
#include "par.h"

#include <limits.h>
#include <stdlib.h>

#ifdef CASEFLOW_MPI
#include <mpi.h>

static int started(void)
{
    int on = 0, off = 0;
    MPI_Initialized(&on);
    if (on) MPI_Finalized(&off);
    return on && !off;
}

int par_start(int *argc, char ***argv) { return MPI_Init(argc, argv) == MPI_SUCCESS ? 0 : -1; }
void par_stop(void)
{
    if (started()) MPI_Finalize();
}
void par_abort(int rc)
{
    if (started() && par_size() > 1) MPI_Abort(MPI_COMM_WORLD, rc);
    exit(rc);
}
int par_rank(void)
{
    int r = 0;
    if (started()) MPI_Comm_rank(MPI_COMM_WORLD, &r);
    return r;
}
int par_size(void)
{
    int n = 1;
    if (started()) MPI_Comm_size(MPI_COMM_WORLD, &n);
    return n;
}
int par_max(int x)
{
    int y = x;
    if (par_size() > 1) MPI_Allreduce(&x, &y, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return y;
}
uint64_t par_sum(uint64_t x)
{
    uint64_t y = x;
    if (par_size() > 1) MPI_Allreduce(&x, &y, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
    return y;
}
int par_gather(double *v, int n, size_t per)
{
    int size = par_size(), rank = par_rank();
    if (size == 1) return 0;
    if ((double)n * (double)per > (double)INT_MAX) return -1;
    int *count = malloc((size_t)size * sizeof *count), *displ = malloc((size_t)size * sizeof *displ);
    if (!count || !displ) { free(count); free(displ); return -1; }
    for (int k = 0; k < size; k++) {
        int lo = (int)((long long)n * k / size), hi = (int)((long long)n * (k + 1) / size);
        count[k] = (int)((size_t)(hi - lo) * per);
        displ[k] = (int)((size_t)lo * per);
    }
    int rc = rank == 0 ? MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, v, count, displ, MPI_DOUBLE, 0, MPI_COMM_WORLD)
                       : MPI_Gatherv(v + displ[rank], count[rank], MPI_DOUBLE, NULL, NULL, NULL, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    free(count);
    free(displ);
    return rc == MPI_SUCCESS ? 0 : -1;
}
#else
int par_start(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}
void par_stop(void) {}
void par_abort(int rc) { exit(rc); }
int par_rank(void) { return 0; }
int par_size(void) { return 1; }
int par_max(int x) { return x; }
uint64_t par_sum(uint64_t x) { return x; }
int par_gather(double *v, int n, size_t per)
{
    (void)v;
    (void)n;
    (void)per;
    return 0;
}
#endif

void par_block(int n, int *lo, int *hi)
{
    int size = par_size(), rank = par_rank();
    *lo = (int)((long long)n * rank / size);
    *hi = (int)((long long)n * (rank + 1) / size);
}
