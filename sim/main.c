/* main.c: the caseflow command line.
 *
 *   caseflow run SCENARIO.yaml [-n REPS] [-s SEED] [-o OUTDIR] [-j JOBS] [-q]
 *   caseflow check SCENARIO.yaml
 *
 * Exit codes: 0 ok, 1 runtime failure, 2 bad usage or bad scenario.  Every
 * user error arrives here as an errlist and is printed once. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int main(int argc, char **argv)
{
    return cli_main(argc, argv);
}
