/* brief.h: the briefing pack, `caseflow brief OUTDIR`.
 *
 * Reads what a run or a comparison wrote into OUTDIR and lays it out as
 * brief.pdf on A4 (595.276 x 841.89 pt): page 1 the headline sentences and
 * the decision table (a run: its summary); then each key chart at the page's
 * width with a caption and its alt text below; the assumptions register
 * (every parameter marked ASSUMPTION in the scenario's comments, with value,
 * unit and source from params*.txt, the parameters an option changes, and
 * the levers in force with their files); how the numbers were made
 * (made.txt: version, replications, seed, the command).  The PDF's dates
 * are `made`, so the same folder gives the same bytes. */
#ifndef CASEFLOW_BRIEF_H
#define CASEFLOW_BRIEF_H

#include <stdio.h>

typedef struct {
    const char *dir;   /* OUTDIR to read */
    const char *made;  /* YYYY-MM-DD */
} brief_t;

/* Writes the PDF to f (for output_write).  0 or -1. */
int brief_write(FILE *f, const void *brief);

#endif
