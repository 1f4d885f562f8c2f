/* staff.h: the staff of one replication, month by month (model stage).
 *
 * Each month leavers are binomial at the grade's leaving rate; recruits come
 * as a fixed number, to replace leavers, or towards a target with a lag;
 * trainees (PQiP) enter as cohorts, carry a growing share of a PO's
 * capacity by half-year of training, may leave, and qualify as POs after
 * months_to_qualify.  Leaving rates, extra recruits and the trainee intake
 * are read from the rulebook (workforce.<grade>.attrition,
 * .extra_recruits_per_month, workforce.trainees.intake_per_month), so
 * levers change them from their dates.
 *
 * Senior probation officers (with a senior_probation_officer: section):
 * leavers and recruits the same way, on their own random stream (seeded
 * from the staff stream's state before its first draw, so the other
 * grades' draws are those of a run without SPOs).
 *
 * Ownership: staff_init allocates the cohorts, staff_free frees them. */
#ifndef CASEFLOW_STAFF_H
#define CASEFLOW_STAFF_H

#include <gsl/gsl_rng.h>

#include "rulebook.h"
#include "workforce.h"

typedef struct {
    double fte[GR_N];        /* qualified, case-holding FTE */
    double *cohort;          /* [tr_months] trainees by month of training */
    double last_leavers[GR_N];
    double spo_fte;          /* senior probation officers in post */
    gsl_rng *r_spo;          /* their stream, or NULL without SPOs */
    int spo_seeded;
} staff_t;

int staff_init(staff_t *st, const workforce_t *w);
void staff_free(staff_t *st);
/* One month: leavers, recruits, trainee progress; t is the model day. */
void staff_step(staff_t *st, const rulebook_t *rb, gsl_rng *r, double t);
/* Trainee FTE and their PO-equivalent capacity share. */
double staff_trainees(const staff_t *st, const workforce_t *w, double *effective);

#endif
