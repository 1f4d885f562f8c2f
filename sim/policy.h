/* policy.h: policy levers that change the flow rules from a date.
 *
 * A scenario's `policy:` list holds levers; each takes effect `from` a month
 * (YYYY-MM, meaning its first day) or a day (YYYY-MM-DD) and can phase in
 * linearly over `phase_in_months`.  The model asks this module for the rule
 * in force ("what release fraction applies to a sentence passed on day t?")
 * instead of reading the scenario directly, so every lever lives here.
 *
 *   presumption_short_sentences  custodial sentences up to max_sentence_months
 *                                are, with probability divert_share, passed
 *                                as community disposals (mix `to`), with their
 *                                own tier mix, length and outcomes if given
 *   release_point                new release fraction for chosen custody bands,
 *                                for new sentences, or also for everyone in
 *                                custody (tranche: those past the new point
 *                                are released on the date)
 *   end_pss                      no PSS for people released from the date
 *   recall                       recall rate multiplier, fixed-term share and
 *                                fixed-term lengths
 *   volume                       multiplies chosen disposals' volumes
 *   reports                      share of sentences with a report, and mix
 *   end_active_supervision       licences of people released from the date
 *                                are actively supervised only up to
 *                                `fraction` of the licence; after that the
 *                                person is still recallable, and counts as
 *                                caseload only if counts_as_caseload
 *   staffing                     for a grade (probation_officer,
 *                                probation_services_officer, trainee): extra
 *                                recruits a month, a leaving-rate multiplier,
 *                                a capacity multiplier (workload reduction),
 *                                a cap on cases per FTE
 *
 * Ownership: levers belong to the scenario (scenario_free calls policy_free). */
#ifndef CASEFLOW_POLICY_H
#define CASEFLOW_POLICY_H

#include <gsl/gsl_rng.h>
#include <stdio.h>

#include "engine.h"
#include "scenario.h"

typedef struct {
    double *tier_share;      /* NULL: the target disposal's */
    int has_length, has_outcomes, has_rtc;
    dist_t length;
    double p_completed, p_early, p_revoked, p_breach_custody;
} policy_profile;

typedef enum { LV_PRESUMPTION, LV_RELEASE, LV_END_PSS, LV_RECALL, LV_VOLUME, LV_REPORTS, LV_ACTIVE, LV_STAFF, LV_N } lever_kind;

typedef struct lever {
    lever_kind kind;
    double from;             /* day (model time) it starts */
    double ramp;             /* days to reach full effect (0: at once) */
    int from_month;          /* for descriptions */
    int from_day;            /* day of month given, or 0 */
    unsigned char *disp;     /* [ndisp] 1 if the lever applies to the disposal */
    int all_disp;
    /* presumption */
    double threshold, share;
    double *to;              /* [ndisp] target mix (presumption) */
    policy_profile prof;
    /* release point */
    double release_fraction;
    int tranche;
    /* recall */
    int has_mult, has_ftr_share, has_ftr_short, has_ftr_long;
    double mult, ftr_share, ftr_short, ftr_long;
    /* volume */
    double volume_mult;
    /* staffing */
    int grade;               /* GR_PO, GR_PSO, or GR_N for trainees */
    double extra, attr_mult, cap_mult, caseload_cap;
    /* end of active supervision */
    double active_fraction;
    int counts;
    /* reports */
    int has_share;
    double *mix;             /* [nreports] or NULL */
} lever_t;

struct cnode;
int policy_read(errlist_t *e, scenario_t *s, struct cnode *list);
void policy_free(scenario_t *s);
void policy_describe(const scenario_t *s, FILE *out);
/* Day of the earliest lever, or +infinity when there is none. */
double policy_first_day(const scenario_t *s);
/* Month (YYYY*12+MM-1) of the earliest lever, or -1. */
int policy_first_month(const scenario_t *s);

/* Month of the earliest lever of s that base does not also have, or -1. */
int policy_first_new_month(const scenario_t *s, const scenario_t *base);

/* Rules in force (all times in model days). */
double policy_volume_scale(const scenario_t *s, int d, double t);
double policy_report_share(const scenario_t *s, int d, double t);
const double *policy_report_mix(const scenario_t *s, int d, double t);
/* For a custodial sentence of `len` days passed on day t by disposal d:
 * returns the community disposal it is diverted to, or -1.  Always draws two
 * numbers from r (so streams stay aligned across scenarios). */
int policy_divert(const scenario_t *s, int d, double t, double len, gsl_rng *r);
/* Overrides for cases diverted to community disposal d, or NULL. */
const policy_profile *policy_profile_for(const scenario_t *s, int d, int diverted);
double policy_release_fraction(const scenario_t *s, int d, double t_sent, double len, double dflt);
int policy_pss_applies(const scenario_t *s, double t_release);
/* Release fraction for people in custody at the start: a tranche lever from
 * the first day applies to them, as it would have had it started earlier. */
double policy_stock_release_fraction(const scenario_t *s, int d, double dflt);
double policy_recall_rate(const scenario_t *s, double t);
double policy_ftr_share(const scenario_t *s, double t);
double policy_ftr_days(const scenario_t *s, double len, double t);
/* Share of the licence actively supervised for a first release on day t (1: all). */
double policy_active_fraction(const scenario_t *s, double t_release);
/* Do licences past their active point count as caseload?  (1 without a lever.) */
int policy_inactive_counts(const scenario_t *s);

/* Staffing levers for grade g (GR_N: trainees) at day t. */
double policy_staff_extra(const scenario_t *s, int g, double t);
double policy_staff_attrition(const scenario_t *s, int g, double t);
double policy_staff_capacity(const scenario_t *s, int g, double t);
double policy_caseload_cap(const scenario_t *s, int g, double t); /* 0: none */

/* Levers that act on people already in the system (tranche releases, recall
 * changes) schedule an event on their date; policy_fire carries it out. */
void policy_schedule(const scenario_t *s, engine_t *eng, double t_end);
struct model;
void policy_fire(struct model *m, int lever, double t);

#endif
