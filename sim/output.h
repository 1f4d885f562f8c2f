/* output.h: all-or-nothing output folders.
 *
 * A run, a comparison or a redraw writes its files into a new private
 * folder beside OUTDIR (mkdtemp: never a guessable name), syncs every file
 * and the folder, and only then puts it in OUTDIR's place in one step (an
 * atomic exchange of the two folders where the file system allows, else two
 * renames); the old folder is then removed.  So OUTDIR holds the old
 * outputs or the new ones, never a mix, and files an earlier run made that
 * this one does not make do not survive: OUTDIR is replaced whole.  For
 * that reason an existing OUTDIR is used only if it is empty or holds
 * nothing but the files its .caseflow-outputs lists (caseflow writes that
 * list of its files into every output folder); anything else is refused
 * (exit 2), never deleted.
 *
 * While the folder is being written, SIGINT, SIGTERM, SIGHUP and SIGQUIT are
 * held back (blocked) and act once OUTDIR is whole again; after a SIGKILL the
 * private folder is left behind, and the next write to the same OUTDIR
 * removes it.  Writers of the same OUTDIR take turns: each holds an
 * exclusive lock (flock) on the parent folder while it writes and swaps.
 *
 * Ownership: output_begin returns a handle that output_commit or
 * output_abort frees (both accept NULL). */
#ifndef CASEFLOW_OUTPUT_H
#define CASEFLOW_OUTPUT_H

#include <stdio.h>

#include "error.h"

typedef struct output output_t;

/* Checks OUTDIR can be written (creating its parents): it is absent, or a
 * folder holding only caseflow outputs.  Call it before the work, so a bad
 * OUTDIR is refused at once.  NULL with a message on error; *usage is then
 * 1 when the user's choice of OUTDIR is at fault (exit 2), 0 otherwise. */
output_t *output_begin(const char *outdir, int *usage, errlist_t *e);
/* Takes the lock, removes what a killed writer left, holds back signals
 * and creates the private folder.  Returns its path, or NULL. */
const char *output_stage(output_t *o, errlist_t *e);
/* Writes name in the private folder with fn(f, ctx).  Returns 0 or -1. */
int output_write(output_t *o, const char *name, int (*fn)(FILE *, const void *), const void *ctx,
                 errlist_t *e);
/* Copies OUTDIR/name into the private folder (a redraw keeps its data). */
int output_keep(output_t *o, const char *name, errlist_t *e);
/* Syncs and swaps the private folder into OUTDIR's place.  0 or -1 (then
 * OUTDIR is as it was).  Frees o. */
int output_commit(output_t *o, errlist_t *e);
/* Removes the private folder; OUTDIR is as it was.  Frees o. */
void output_abort(output_t *o);
/* Removes a folder and the files in it (it holds no folders): a private
 * folder, or the outputs an MPI worker rank wrote aside. */
void output_remove_flat(const char *dir);

/* For tests only: called at each step of the write phase (each file, each
 * sync, the swap) with the step number from 1; a non-zero return makes that
 * step fail as a full disk would.  NULL in normal use. */
extern int (*output_test_hook)(int step);

#endif
