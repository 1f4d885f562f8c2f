/* main.c: the caseflow command line.
 *
 *   caseflow run | check | plot | compare ...   (see cli.c, or caseflow --help)
 *
 * Exit codes: 0 ok, 1 runtime failure, 2 bad usage or bad scenario.  Every
 * user error arrives here as an errlist and is printed once. */
#include "cli.h"
#include "par.h"

int main(int argc, char **argv)
{
    if (par_start(&argc, &argv)) return 1;
    int rc = cli_job(argc, argv);
    par_stop();
    return rc;
}
