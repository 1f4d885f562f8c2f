/* error.h: user-facing error records (bad scenarios, bad command lines).
 *
 * Errors are a status plus a record (libyaml's problem/mark, SQLite's errmsg):
 * a function that meets bad input appends "FILE:LINE:COLUMN: what is wrong
 * (what was expected)" to an errlist_t and returns non-zero; the list travels
 * up to main, which prints every message and exits 2.  All messages pass
 * through errlist_add, so one breakpoint catches them all.
 *
 * Ownership: caller-owned struct; errlist_init before use, errlist_clear
 * frees the messages (safe on an empty list). */
#ifndef CASEFLOW_ERROR_H
#define CASEFLOW_ERROR_H

#include <stdio.h>

typedef struct {
    int count;
    int cap;
    char **msg;
} errlist_t;

void errlist_init(errlist_t *e);
void errlist_clear(errlist_t *e);

/* Appends "file:line:col: <formatted>".  line and col are 1-based; pass
 * line 0 for errors with no position (then only "file: " is prefixed). */
void errlist_add(errlist_t *e, const char *file, int line, int col,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

void errlist_print(const errlist_t *e, FILE *out);

#endif
