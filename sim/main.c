/* main.c: the caseflow command line.
 *
 *   caseflow run | check | plot | compare ...   (see cli.c, or caseflow --help)
 *
 * Exit codes: 0 ok, 1 runtime failure, 2 bad usage or bad scenario.  Every
 * user error arrives here as an errlist and is printed once. */
#include "cli.h"
#include "par.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h> /* defines __GLIBC__ on glibc */
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

int main(int argc, char **argv)
{
#ifdef __GLIBC__
    /* Arrays of a megabyte or more (a region's cases, the replications'
     * values) get pages of their own, given back when freed.  glibc's default
     * raises this threshold after the first such free, and the arrays the
     * regions grow and free one after another then stay in the heap: a
     * fifth more resident memory at the peak (make bench). */
    mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
#endif
    /* a file-size limit (ulimit -f) makes a write fail with EFBIG, handled
     * as a full disk is (OUTDIR as it was, a message, exit 1), instead of
     * killing the program with no word */
    signal(SIGXFSZ, SIG_IGN);
    if (par_start(&argc, &argv)) return 1;
    int rc = cli_job(argc, argv);
    par_stop();
    /* what went to standard output must have got there (`params > /dev/full`
     * reported nothing and exited 0) */
    if (fflush(stdout) || ferror(stdout)) {
        fprintf(stderr, "caseflow: cannot write to standard output: %s\n", strerror(errno));
        if (!rc) rc = 1;
    }
    return rc;
}
