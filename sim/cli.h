/* cli.h: command-line parsing and the commands (kept out of main.c so tests
 * can call the commands in-process). */
#ifndef CASEFLOW_CLI_H
#define CASEFLOW_CLI_H

int cli_main(int argc, char **argv);

#endif
