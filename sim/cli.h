/* cli.h: command-line parsing and the commands (kept out of main.c so tests
 * can call the commands in-process). */
#ifndef CASEFLOW_CLI_H
#define CASEFLOW_CLI_H

#include <stdio.h>

#include "scenario.h"

int cli_main(int argc, char **argv);
/* cli_main as one process of a job: under MPI with several processes, rank
 * 0 runs the command as the user sees it and the others take part in its
 * runs silently (par.h); otherwise just cli_main. */
int cli_job(int argc, char **argv);
/* Lists the levers in force after `extends:`, each with its file and line,
 * and the demand path's levers when it has any (scenario s, loaded from
 * s->file). */
void cli_lever_sources(const scenario_t *s, FILE *out);

#endif
