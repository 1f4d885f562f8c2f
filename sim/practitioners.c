/* practitioners.c: individual workloads, hours, priorities and supervisors
 * from monthly aggregates (practitioners.h). */
#include "practitioners.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>

/* The four-week orthant probability on the grid y_i = PRAC_A0 + i PRAC_DA:
 * f1(y) = phi(y) on y >= a, f_{k+1}(y') = sum_y w f_k(y) K(y, y') on y' >= a,
 * P = sum w f4, with K the AR(1) transition density normalised over the
 * whole grid (so mass is kept where the kernel is narrow).  Cost: about
 * PRAC_NA^3 multiply-adds (14 million), once per scenario. */
int prac_week_table(double rho, double tab[PRAC_NA])
{
    enum { N = PRAC_NA };
    const int n = N;
    double y[N], phi[N];
    double (*K)[N] = malloc(sizeof(double[N][N])); /* 460 KB: not on a thread's stack */
    if (!K) return -1;
    double s = sqrt(1 - rho * rho);
    for (int i = 0; i < n; i++) {
        y[i] = PRAC_A0 + i * PRAC_DA;
        phi[i] = exp(-0.5 * y[i] * y[i]) * 0.3989422804014327 /* 1 / sqrt(2 pi) */ * PRAC_DA;
    }
    for (int i = 0; i < n; i++) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
            double z = (y[j] - rho * y[i]) / s;
            K[i][j] = exp(-0.5 * z * z);
            sum += K[i][j];
        }
        for (int j = 0; j < n; j++) K[i][j] /= sum;
    }
    for (int m = 0; m < n; m++) {
        double f[N], g[N];
        /* the mass at the boundary point counts half (the line cuts its cell) */
        for (int i = m; i < n; i++) f[i] = phi[i] * (i == m ? 0.5 : 1);
        for (int k = 1; k < PRAC_WEEKS; k++) {
            for (int j = m; j < n; j++) g[j] = 0;
            for (int i = m; i < n; i++) {
                if (f[i] == 0) continue;
                for (int j = m; j < n; j++) g[j] += f[i] * K[i][j];
            }
            for (int j = m; j < n; j++) f[j] = g[j] * (j == m ? 0.5 : 1);
        }
        double p = 0;
        for (int i = m; i < n; i++) p += f[i];
        tab[m] = p;
    }
    free(K);
    return 0;
}

double prac_week_prob(const double tab[PRAC_NA], double a)
{
    double x = (a - PRAC_A0) / PRAC_DA;
    if (!(x > 0)) return x <= 0 ? 1 : 0; /* below the grid: everyone; NaN: nobody */
    if (x >= PRAC_NA - 1) return 0;
    int i = (int)x;
    double r = x - i;
    return tab[i] * (1 - r) + tab[i + 1] * r;
}

static double sigma_of(double cv) { return sqrt(log1p(cv * cv)); }

double prac_share_over(double mean, double cv, double line)
{
    if (!(mean > 0)) return 0;
    if (cv <= 0) return mean > line ? 1 : 0;
    double s = sigma_of(cv);
    return gsl_cdf_ugaussian_P((log(mean / line) - 0.5 * s * s) / s);
}

double prac_share_over_weeks(const double tab[PRAC_NA], double mean, double cv, double line)
{
    if (!(mean > 0)) return 0;
    if (cv <= 0) return mean > line ? 1 : 0;
    double s = sigma_of(cv);
    return prac_week_prob(tab, (log(line / mean) + 0.5 * s * s) / s);
}

double prac_excess(double mean, double cv, double k)
{
    if (!(mean > 0)) return 0;
    if (cv <= 0) return mean > k ? mean - k : 0;
    if (k <= 0) return mean - k;
    double s = sigma_of(cv);
    double d1 = (log(mean / k) + 0.5 * s * s) / s;
    double e = mean * gsl_cdf_ugaussian_P(d1) - k * gsl_cdf_ugaussian_P(d1 - s);
    return e > 0 ? e : 0;
}

int prac_count_over(const double *load, int n, double line)
{
    int c = 0;
    for (int i = 0; i < n; i++) c += load[i] > line;
    return c;
}

int prac_count_over_weeks(const double *load, int n, int weeks, double line)
{
    int c = 0;
    for (int i = 0; i < n; i++) {
        int all = weeks > 0;
        for (int w = 0; w < weeks; w++) all &= load[i * weeks + w] > line;
        c += all;
    }
    return c;
}

double prac_spo_needed(double practitioners, double per_spo)
{
    return per_spo > 0 && practitioners > 0 ? practitioners / per_spo : 0;
}

double prac_suspend(const double *hours, int n, double suspended, double *out)
{
    double left = suspended > 0 ? suspended : 0;
    for (int i = n - 1; i >= 0; i--) {
        double h = hours[i] > 0 ? hours[i] : 0;
        out[i] = left < h ? left : h;
        left -= out[i];
    }
    return left;
}

prac_hours_t prac_hours(double capacity, double mean, double cv, double k_paid, double k_cap)
{
    prac_hours_t h;
    if (k_cap < k_paid) k_cap = k_paid;
    double beyond = prac_excess(mean, cv, 1), past_paid = prac_excess(mean, cv, k_paid), past_cap = prac_excess(mean, cv, k_cap);
    h.contracted = capacity;
    h.workload = capacity * mean;
    h.paid = capacity * (beyond - past_paid);
    h.unpaid = capacity * (past_paid - past_cap);
    h.suspended = capacity * past_cap;
    return h;
}
