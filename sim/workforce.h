/* workforce.h: from caseload to workload, to the staff it needs, against the
 * staff there are.
 *
 * Workload (WMT style): every person under supervision carries a weight by
 * case type (community, custody/pre-release, licence, PSS, inactive licence)
 * and tier, heavier in the first months of an order or licence (induction)
 * and lighter from a set fraction onward (Probation Reset); reports carry a
 * weight each, in the month written; other work is a fixed amount a month or
 * proportional to a flow (e.g. recalls).  The unit is the scenario's (WMT
 * points or hours); capacities are in the same unit.
 *
 * Who holds what: a share of each tier's cases (and of reports and other
 * work) is held by probation officers (PO), the rest by probation services
 * officers (PSO).
 *
 * Staff supply (staff.c, model stage), per replication and stochastic: each month leavers are
 * binomial at the grade's leaving rate; recruits come as a fixed number, to
 * replace leavers, or towards a target with a lag; trainees (PQiP) enter as
 * cohorts, carry a growing share of a PO's capacity by half-year of training,
 * may leave, and qualify as POs after months_to_qualify.  Trainee capacity
 * counts towards the PO grade.
 *
 * Required FTE of a grade = its workload / capacity per FTE (or the caseload
 * cap, if a lever sets one and it binds); gap = required - available;
 * capacity % = workload / available capacity (as WMT reports it).
 *
 * Practitioners (optional `practitioners:` section; practitioners.h says
 * how): individual workloads as a lognormal spread around each grade's
 * average with a weekly persistence, contracted and worked hours, paid
 * overtime, work types in priority order (the first listed is the last to
 * be suspended), and the safeguard line.  Senior probation officers
 * (optional `senior_probation_officer:`, needs `practitioners:`): a supply
 * like a grade's, a ratio of practitioners per SPO, and the share of an
 * unsupervised practitioner's capacity lost.
 *
 * Ownership: the workforce belongs to the scenario (scenario_free frees it). */
#ifndef CASEFLOW_WORKFORCE_H
#define CASEFLOW_WORKFORCE_H

#include <stdio.h>

#include "error.h"
#include "practitioners.h"

struct scenario;
struct cnode;

/* Workload case types */
enum { WL_COMMUNITY, WL_CUSTODY, WL_LICENCE, WL_PSS, WL_INACTIVE, WL_N };
/* Grades */
enum { GR_PO, GR_PSO, GR_N };
enum { RECRUIT_NONE, RECRUIT_FIXED, RECRUIT_REPLACE, RECRUIT_TARGET };

typedef struct {
    double start_fte;
    double points_per_fte;   /* nominal capacity of one FTE a month */
    double reductions;       /* share of that lost to reductions (training, meetings) */
    double holding_share;    /* share of FTE in post who hold cases */
    double attrition;        /* yearly leaving rate */
    int recruit;
    double recruit_n, target_fte, lag_months;
    double annual_cost;      /* per FTE, with on-costs */
} grade_t;

typedef struct {
    int on;                  /* the scenario has a practitioners: section */
    double cv;               /* spread of individual workloads around the grade's average */
    double rho;              /* weekly autocorrelation of a practitioner's relative load */
    double contracted_hours; /* a week, full time */
    double worked_hours;     /* the most a practitioner works in a week (contracted or more) */
    double paid_overtime;    /* paid overtime hours a week per FTE on offer */
    double overtime_cost;    /* GBP an hour of paid overtime, with on-costs */
    double contracted_only;  /* 1: work beyond contracted (and paid) hours is not done */
    double safeguard_pct;    /* service declared full above this average capacity... */
    int safeguard_weeks;     /* ...for this many consecutive weeks */
    int ntypes;
    char **type_name;        /* work types, highest priority first */
    double *type_share;      /* share of the workload */
    double week_tab[PRAC_NA];/* prac_week_table(rho) */
    /* senior probation officers */
    int has_spo;
    grade_t spo;             /* start_fte, holding_share (share supervising practitioners), attrition, recruitment, annual_cost */
    double per_spo;          /* practitioners per SPO */
    double lost_capacity;    /* share of an unsupervised practitioner's capacity lost */
} prac_t;

typedef struct workforce {
    char *unit;
    double *points[WL_N];    /* [type][tier] */
    double induction_months, induction_factor;
    double reduced_from, reduced_factor;
    double *report_points;   /* [nreports] */
    double *po_share;        /* [ntiers] */
    double po_share_other;   /* share of reports and other work done by POs */
    int nother;
    char **other_name;
    char **other_flow;       /* series name, or NULL for a fixed amount */
    double *other_amount;    /* per month, or per unit of the flow */
    int *other_line, *other_col; /* where `per:` was given, for messages */
    grade_t grade[GR_N];
    /* trainees */
    double tr_start, tr_intake, tr_attrition, tr_cost;
    int tr_months;
    int ntr_share;
    double *tr_share;        /* capacity share by half-year of training */
    prac_t prac;
} workforce_t;

extern const char *const grade_names[GR_N];

int workforce_read(errlist_t *e, struct scenario *s, struct cnode *n);
void workforce_free(workforce_t *w);
void workforce_describe(const struct scenario *s, FILE *out);

/* Capacity of `fte` staff of grade g a month (nominal x (1 - reductions)). */
double workforce_capacity(const workforce_t *w, int g, double fte);
/* Share of a PO's capacity a trainee carries in month `m` of training (0-based). */
double workforce_trainee_share(const workforce_t *w, int m);

#endif
