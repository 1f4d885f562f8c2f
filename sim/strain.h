/* strain.h: what an option does to the people who do the work, in a
 * comparison: practitioners over 110% (and for four weeks running), unpaid
 * overtime, work not done and by type, workload per practitioner (points
 * and %, the figure a pay claim turns on), and the safeguard (the months
 * the service is declared full).  Every change is paired, replication by
 * replication, with its 90% interval.
 *
 * Pipeline position: outputs (with compare.c, which calls it).  Each
 * function writes nothing when the base has no practitioners: section. */
#ifndef CASEFLOW_STRAIN_H
#define CASEFLOW_STRAIN_H

#include <stdio.h>

#include "compare.h"

/* Lines for policy p at month row k of the headline. */
void strain_lines(FILE *f, const compare_t *c, int p, int k);
/* The decision table's practitioner section (rows: month rows, after:
 * months after the options start or -1, n of them; w: name width). */
void strain_decision_txt(FILE *f, const compare_t *c, int w, const int *rows, const int *after, int n);
/* decision.csv: the extra header columns for one month tag, then the
 * scenario-wide columns; and the values of scenario p. */
void strain_decision_header(FILE *f, const compare_t *c, const char *const *tags, int n);
void strain_decision_row(FILE *f, const compare_t *c, int p, const int *rows, int n);

/* Paired percentage change of workload per practitioner, policy p against
 * the base, at month row k: 0, or -1 without the series. */
int strain_per_fte_pct(const compare_t *c, int p, int k, double st[4]);

#endif
