/* practitioners.h: workload the way practitioners live it, from monthly
 * aggregates: how many are over 100% and 110% (and over 110% for four
 * consecutive weeks, the WMT's excessive-workload rule), the hours worked
 * beyond contracted hours, the work not done in priority order, and the
 * supervisors (SPOs) a number of practitioners needs.
 *
 * Pipeline position: parameters stage (pure arithmetic on numbers; the
 * model's workload.c calls it at each month end; workforce.c fills the
 * four-week table when it reads the scenario).  No state, no allocation.
 *
 * Individual workloads are a distribution around the grade's average, not
 * a simulation of each practitioner: a practitioner's load relative to the
 * average is X, lognormal with mean 1 and coefficient of variation cv, so a
 * grade whose average capacity is C (1.19 = 119%) has a share
 * P(C X > L) over the line L.  For the four-week rule each practitioner's
 * log relative load follows a stationary weekly AR(1) with autocorrelation
 * rho (persistent: cases last months), and the average is held for the
 * month; the share over L in each of the four weeks ending at the month end
 * is a four-dimensional normal orthant probability, tabulated once per
 * scenario by prac_week_table (a grid quadrature).  cv = 0 means everyone
 * carries exactly the average. */
#ifndef CASEFLOW_PRACTITIONERS_H
#define CASEFLOW_PRACTITIONERS_H

/* The four-week table: P(Z1..Z4 > a) for a standard stationary AR(1) Z with
 * weekly autocorrelation rho, at a = PRAC_A0 + i PRAC_DA. */
#define PRAC_NA 241
#define PRAC_A0 (-6.0)
#define PRAC_DA 0.05
#define PRAC_WEEKS 4

/* Fills tab[PRAC_NA] for autocorrelation rho (0 to 0.99); 0, or -1 out of memory. */
int prac_week_table(double rho, double tab[PRAC_NA]);
/* P(Z1..Z4 > a) from the table (linear between points; 1 below, 0 above). */
double prac_week_prob(const double tab[PRAC_NA], double a);

/* Share (0 to 1) of practitioners with a load above line (same unit as
 * mean: % or a ratio) when the average is mean and the spread cv. */
double prac_share_over(double mean, double cv, double line);
/* The same, above the line in each of four consecutive weeks (tab from
 * prac_week_table). */
double prac_share_over_weeks(const double tab[PRAC_NA], double mean, double cv, double line);
/* Mean over practitioners of max(0, mean X - k): work beyond k times
 * capacity, per unit of capacity (mean and k as ratios, 1.2 = 120%). */
double prac_excess(double mean, double cv, double k);

/* A team whose loads are known: how many are above line (strictly), and
 * how many are above it in each of `weeks` consecutive weeks ending with
 * the last (load[i * weeks + w], week w of practitioner i). */
int prac_count_over(const double *load, int n, double line);
int prac_count_over_weeks(const double *load, int n, int weeks, double line);

/* Senior probation officers a number of practitioners needs at a ratio of
 * per_spo practitioners each (0 if per_spo <= 0). */
double prac_spo_needed(double practitioners, double per_spo);

/* Work not done: `suspended` hours taken from the work types' hours
 * (hours[0] the highest priority, hours[n-1] the lowest), lowest priority
 * first; out[i] the hours suspended of type i.  Returns what could not be
 * placed (suspended beyond all the work: 0 normally). */
double prac_suspend(const double *hours, int n, double suspended, double *out);

/* Hours of one grade in a month, from its average capacity. */
typedef struct {
    double contracted;   /* case-work hours the staff are contracted for */
    double workload;     /* hours the workload needs */
    double paid;         /* paid overtime worked */
    double unpaid;       /* unpaid overtime worked */
    double suspended;    /* work beyond what is worked: not done */
} prac_hours_t;
/* capacity: hours of case work a month the grade's FTE are contracted for;
 * mean: average load (ratio); cv: spread; k_paid: load up to which paid
 * overtime covers the work (1 + paid hours / contracted case-work hours);
 * k_cap: the most anyone works (>= k_paid; k_paid under contracted hours
 * only with paid overtime, or the hours staff actually work). */
prac_hours_t prac_hours(double capacity, double mean, double cv, double k_paid, double k_cap);

#endif
