/* policy.h: policy levers as the scenario file writes them.
 *
 * Pipeline position: parameters stage.  A scenario's `policy:` list holds
 * levers; each takes effect `from` a month (YYYY-MM, meaning its first day)
 * or a day (YYYY-MM-DD) and can phase in linearly over `phase_in_months`.
 * This file reads and checks them and says in words what they do; it does
 * not apply them.  The rulebook (rulebook.c) compiles every lever into dated
 * edits of rule parameters (params.h), which the model then reads.
 *
 * The general lever edits any rule parameter by its path:
 *   {set|multiply|add: PATH, value: V, from: DATE, phase_in_months: N,
 *    applies_to: new_sentences|everyone}
 * The named levers are shorthand for such edits:
 *   presumption_short_sentences  disposals.<band>.divert_share (set), with
 *                                the threshold, the mix `to` and the profile
 *                                of diverted cases kept with the lever
 *   release_point                disposals.<band>.release_fraction (set;
 *                                everyone_in_custody: a tranche release)
 *   end_pss                      custody.post_sentence_supervision.in_force (set 0)
 *   end_supervision              no parameter: an event on the date that ends
 *                                the licences or PSS periods then running
 *                                (optionally of chosen bands, for people
 *                                released at least N months before)
 *   recall                       custody.recall.monthly_rate (multiply),
 *                                fixed_term_share (set), fixed_term_days_* (set);
 *                                convert_held_standard_recalls: an event on
 *                                the date that makes that share of the
 *                                standard recalls then held fixed-term
 *   end_on_completion            disposals.<order>.completion_end.share and
 *                                .at_fraction (set), and an event on the date
 *                                for the orders then running
 *   volume                       disposals.<d>.annual_volume (multiply)
 *   reports                      disposals.<d>.reports.share and .mix.<type> (set)
 *   end_active_supervision       custody.licence.active_fraction (set), and
 *                                whether inactive licences count as caseload
 *   staffing                     workforce.<grade>.extra_recruits_per_month
 *                                (add; trainees: intake_per_month), attrition
 *                                (multiply), points_per_fte (multiply),
 *                                caseload_cap (set)
 *
 * Every lever may say where it comes from in `source:` (a sentence: the
 * provision, its commencement and any ASSUMPTION); `caseflow check` prints it.
 *
 * Ownership: levers belong to the scenario (scenario_free calls policy_free). */
#ifndef CASEFLOW_POLICY_H
#define CASEFLOW_POLICY_H

#include <stdint.h>
#include <stdio.h>

#include "scenario.h"

typedef struct {
    double *tier_share;      /* NULL: the target disposal's */
    int has_length, has_outcomes, has_rtc;
    dist_t length;
    double p_completed, p_early, p_revoked, p_breach_custody;
} policy_profile;

typedef enum { LV_PRESUMPTION, LV_RELEASE, LV_END_PSS, LV_RECALL, LV_VOLUME, LV_REPORTS, LV_ACTIVE, LV_STAFF, LV_END_SUP,
               LV_END_DONE, LV_EDIT, LV_N } lever_kind;
/* Operations of the general lever (and of the edits levers compile to). */
typedef enum { OP_SET, OP_MULTIPLY, OP_ADD } edit_op;
extern const char *const lever_names[LV_N];
extern const char *const edit_op_names[3];

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
    double convert_held;     /* share of people held on a standard recall on the
                                date whose recall becomes fixed-term (0: none) */
    /* end_on_completion: `share` of orders that would complete end at
     * done_at x their length (orders running on the date too) */
    double done_at;
    /* volume */
    double volume_mult;
    /* staffing */
    int grade;               /* GR_PO, GR_PSO, or GR_N for trainees */
    double extra, attr_mult, cap_mult, caseload_cap;
    /* end_supervision: licences (0) or PSS periods (1) running on the date
     * end, for people first released at least min_since_release days before */
    int end_what;
    double min_since_release;
    /* end of active supervision */
    double active_fraction;
    int counts;
    /* reports */
    int has_share;
    double *mix;             /* [nreports] or NULL */
    /* general lever: op on rule parameter `param` (params.h), value in the
     * file's units; tranche: applies_to everyone */
    edit_op op;
    int param;
    double value;
    char *path;
    uint64_t regions;        /* `regions:` mask (bit r: region r), 0: every region */
    char *source;            /* `source:` as written (the law, the date's authority), or NULL */
    int demand;              /* from the scenario's demand path, not its policy */
    int line, col;           /* where the lever is, for messages */
} lever_t;

struct cnode;
/* Reads the `policy:` list and the levers of the chosen `demand:` path
 * (either may be NULL):
 *   demand: {path: NAME, paths: {NAME: [volume levers], ...}}
 * Every path is checked; only the chosen one's levers are kept, after the
 * policy's (marked `demand`). */
int policy_read(errlist_t *e, scenario_t *s, struct cnode *list, struct cnode *demand);
void policy_free(scenario_t *s);
void policy_describe(const scenario_t *s, FILE *out);
/* Day of the earliest lever, or +infinity when there is none. */
double policy_first_day(const scenario_t *s);
/* Month (YYYY*12+MM-1) of the earliest lever, or -1. */
int policy_first_month(const scenario_t *s);

/* 1 if `other` has a lever with the same kind, date and settings as l (a
 * lever of s). */
int policy_has_same(const scenario_t *s, const lever_t *l, const scenario_t *other);
/* Month of the earliest lever of s that base does not also have, or -1. */
int policy_first_new_month(const scenario_t *s, const scenario_t *base);
/* The first whole month under that lever (every lever of s when base is
 * NULL): its month when it acts from the 1st, else the next; -1 without
 * one.  "12 months after the policy starts" ends 12 whole months on, at
 * least a year after the lever's date (a lever of 31 March: end of March). */
int policy_first_whole_month(const scenario_t *s, const scenario_t *base);

/* Month label and day of a lever's date, as written ("2024-09-10", "2026-04"). */
void policy_date_label(const lever_t *l, char buf[16]);

#endif
