/* cli.h: command-line parsing and the commands (kept out of main.c so tests
 * can call the commands in-process). */
#ifndef CASEFLOW_CLI_H
#define CASEFLOW_CLI_H

#include <stdio.h>

int cli_main(int argc, char **argv);
/* Lists the levers in force after `extends:`, each with its file and line. */
void cli_lever_sources(const char *path, FILE *out);

#endif
