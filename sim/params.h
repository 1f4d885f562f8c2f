/* params.h: every number of a scenario as a named parameter.
 *
 * Pipeline position: scenario file (conf.c) -> parameters (scenario.c reads
 * the file into scenario_t; this file names its numbers) -> rulebook
 * (rulebook.c) -> model.  Nothing here knows about cases or time.
 *
 * Two things live here:
 * - The listing (`caseflow params`): every number the scenario file sets,
 *   by the path a user reads in the YAML (list items by their `name:`, e.g.
 *   `disposals.custody_6_to_12m.release_fraction`), with its value, unit and
 *   source, the comment written next to it in the file (libyaml drops
 *   comments, so the file's lines are read again at the node's line).
 * - The rule parameters: the numbers the flow code asks the rulebook for,
 *   each with an id, a path, a unit, its value at the start (in the model's
 *   units) and the clock it is read on.  These are the parameters a lever
 *   can change from a date.  param_find turns a path into an id.
 *
 * Ids are laid out in blocks (global, per disposal, per disposal x report
 * type, per grade, per workload type x tier, per report type); the PARAM_*
 * helpers give them, so the flow code never builds a path at run time. */
#ifndef CASEFLOW_PARAMS_H
#define CASEFLOW_PARAMS_H

#include <stdio.h>

#include "error.h"
#include "scenario.h"

/* Global rule parameters */
enum {
    PG_RECALL_RATE,      /* custody.recall.monthly_rate (a hazard per day inside) */
    PG_FTR_SHARE,        /* custody.recall.fixed_term_share */
    PG_FTR_SHORT,        /* custody.recall.fixed_term_days_short */
    PG_FTR_LONG,         /* custody.recall.fixed_term_days_long */
    PG_STD_RECALL_MEAN,  /* custody.recall.standard_recall_days.mean */
    PG_PSS_IN_FORCE,     /* custody.post_sentence_supervision.in_force (1 or 0) */
    PG_PSS_SHARE,        /* custody.post_sentence_supervision.share_supervised */
    PG_ACTIVE_FRACTION,  /* custody.licence.active_fraction */
    PG_HDC_WINDOW,       /* custody.home_detention_curfew.window_days */
    PG_HDC_TAKE_UP,      /* custody.home_detention_curfew.take_up */
    PG_N
};
/* Per disposal */
enum { PD_VOLUME, PD_RELEASE, PD_REPORT_SHARE, PD_REVOKED_TO_CUSTODY, PD_DIVERT_SHARE,
       PD_LENGTH_MEAN,   /* community order / SSO: mean length (a lever scales every drawn length) */
       PD_ALREADY,       /* already_supervised: share passed on people already supervised */
       PD_IN_CUSTODY,    /* custody: already_in_custody: share passed on people in custody */
       PD_REMAND_SHARE,  /* custody: remand.share */
       PD_RECALL_FACTOR, /* custody: recall_factor */
       PD_DONE_SHARE,    /* order / SSO: completion_end.share, of orders that would complete, ending when their requirements are done */
       PD_DONE_AT,       /* order / SSO: completion_end.at_fraction, the point of the length at which they end */
       PD_N };
/* Per grade: probation_officer, probation_services_officer, trainees (GR_N) */
enum { PS_ATTRITION, PS_EXTRA, PS_POINTS_PER_FTE, PS_CASELOAD_CAP, PS_REDUCTIONS, PS_HOLDING_SHARE, PS_ANNUAL_COST, PS_N };
/* Practitioners and SPOs (after other work, with a practitioners: section),
 * then one points factor per work type (the workload reduction toolkit). */
enum {
    PP_CONTRACTED_ONLY,  /* workforce.practitioners.contracted_hours_only (1 or 0) */
    PP_PAID_OVERTIME,    /* workforce.practitioners.paid_overtime_hours_per_week */
    PP_OVERTIME_COST,    /* workforce.practitioners.overtime_cost_per_hour */
    PP_WORKED_HOURS,     /* workforce.practitioners.worked_hours_per_week */
    PP_SPREAD_CV,        /* workforce.practitioners.spread_cv */
    PP_SPO_PER,          /* workforce.senior_probation_officer.practitioners_per_spo */
    PP_SPO_ATTRITION,    /* workforce.senior_probation_officer.attrition */
    PP_SPO_EXTRA,        /* workforce.senior_probation_officer.extra_recruits_per_month */
    PP_SPO_COST,         /* workforce.senior_probation_officer.annual_cost */
    PP_SPO_LOST,         /* workforce.senior_probation_officer.lost_capacity */
    PP_N
};

/* The clock a rule parameter is read on (what `applies_to` can mean). */
typedef enum {
    CLOCK_SENTENCE,      /* fixed when the sentence is passed */
    CLOCK_RELEASE,       /* fixed at the first release from custody */
    CLOCK_NOW            /* read when used: applies to everyone from the date */
} param_clock;

typedef struct {
    char path[160];
    const char *unit;
    double base;         /* value at the start, model units */
    double lo, hi;       /* allowed values, in the file's units */
    param_clock clock;
    int in_file;         /* 0: not written in the file (a default, e.g. no diversion) */
    int hazard;          /* the file gives a monthly chance; the model uses a hazard per day */
    double scale;        /* model units per file unit (days per month for lengths); 0 means 1 */
} param_info;

/* Number of rule parameters of s, and their ids. */
int param_count(const scenario_t *s);
static inline int param_disp(const scenario_t *s, int d, int k) { (void)s; return PG_N + d * PD_N + k; }
static inline int param_mix(const scenario_t *s, int d, int r) { return PG_N + s->ndisp * PD_N + d * s->nreports + r; }
static inline int param_staff(const scenario_t *s, int g, int k)
{
    return PG_N + s->ndisp * (PD_N + s->nreports) + g * PS_N + k;
}
int param_points(const scenario_t *s, int type, int tier);
int param_report_points(const scenario_t *s, int r);
int param_other_work(const scenario_t *s, int i);
int param_prac(const scenario_t *s, int k);
/* workforce.practitioners.work_types.<name>.points_factor */
int param_work_type(const scenario_t *s, int i);

/* Fills *out for rule parameter id; returns 0, or -1 if id is out of range
 * or does not exist for this scenario (e.g. workforce without a workforce). */
int param_get(const scenario_t *s, int id, param_info *out);
/* Id of the rule parameter at `path`, or -1. */
int param_find(const scenario_t *s, const char *path);
/* A value in the file's units turned into the model's (monthly chance to a
 * hazard per day for the recall rate; the identity otherwise). */
double param_to_model(const param_info *p, double v);
double param_from_model(const param_info *p, double v);
/* An amount to add, in the file's units, turned into the model's. */
double param_delta_to_model(const param_info *p, double v);

/* `caseflow params`: loads `path` again (with `extends:`) and lists every
 * number in it with path, value, unit and source, then the rule parameters
 * that are not in the file.  Returns 0, or -1 with messages in e. */
int params_list(const scenario_t *s, const char *path, FILE *out, errlist_t *e);

#endif
