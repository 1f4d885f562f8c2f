/* sensitivity.h: which assumptions move the answer.
 *
 * Pipeline position: comparisons (with compare.c).  `caseflow sensitivity
 * SCENARIO.yaml [POLICY.yaml]` swings each ranged assumption (uncertain.h;
 * the ranges of one group swing together) to its low and then its high
 * value with every other assumption at its central value, and reads one
 * measure at one month: the level of the scenario, or with a policy the
 * policy's paired effect (policy minus base, replication by replication,
 * every run on the same seed).  Each bar of the tornado is the median of
 * those runs at low and at high; the rows are ordered by swing |high - low|.
 * It costs 2K + 1 runs of -n replications for K assumptions (twice that
 * with a policy).
 *
 * The headline of `compare` names the assumptions that move its result
 * most without any extra run (sens_drivers): across the replications of
 * the comparison itself, the correlation of each assumption's draw with
 * the paired effect.  A large |r| says the effect follows that draw; it is
 * a ranking, not the swing (which only sensitivity measures).
 *
 * Ownership: sens_run fills a sens_t the caller frees with sens_free. */
#ifndef CASEFLOW_SENSITIVITY_H
#define CASEFLOW_SENSITIVITY_H

#include <stdio.h>

#include "budget.h"
#include "compare.h"

enum { SENS_CASELOAD, SENS_FTE, SENS_COST, SENS_CAPACITY, SENS_N };
extern const char *const sens_measure_names[SENS_N];   /* "caseload", "fte", "cost", "capacity" */

typedef struct {
    char key[256];       /* the assumption's draw key (uncertain.h) */
    char label[256];     /* its group, or its parameter's path */
    int nparam;          /* ranges that swing with it (a group's members) */
    double value[3];     /* low, central, high of its first range, the file's units */
    double result[3];    /* the measure's median at low, all central, high */
} sens_row;

typedef struct {
    int n;
    sens_row *row;       /* largest swing first */
    int skipped;         /* ranges of the last scenario left central: they cannot move the measure */
    int measure;
    int at;              /* months after the policy starts (with a policy) or after the start */
    int month;           /* YYYY*12+MM-1 of the measure */
    int policy;          /* 1: the results are the policy's effect */
    char scenario[128], policy_name[128];
    int reps;
    unsigned long long seed;
    double central;      /* the measure with every assumption central */
} sens_t;

/* Runs the swings.  files: the scenario, or the base and one policy. */
int sens_run(sens_t *out, int nfiles, char **files, int measure, int at, int reps, unsigned long long seed,
             const plan_t *plan, int progress, errlist_t *e);
void sens_free(sens_t *s);
/* sensitivity.csv (tidy): assumption,parameters,setting,value,measure,month,median,swing */
int sens_write_csv(FILE *f, const void *sens);
/* The printed table. */
int sens_write_txt(FILE *f, const void *sens);
/* "the caseload (people)" and the like; "the extra ..." with a policy. */
void sens_measure_words(const sens_t *s, char *buf, size_t n);

typedef struct {
    char label[256];
    double r;            /* correlation of the draw with the effect, -1 to 1 */
} sens_driver;
/* Up to 3 assumptions of policy p whose draws move its paired effect on the
 * caseload at row k most (|r| largest); returns how many (0 without
 * ranges, under --central, from fewer than UNC_MIN_REPS replications, or
 * when the effect is the same in every replication).  *tried: how many
 * assumptions' r were worked out (the top three were chosen from them). */
int sens_drivers(const compare_t *c, int p, int k, sens_driver out[3], int *tried);

#endif
