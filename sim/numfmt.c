/* numfmt.c: thousands separators (see numfmt.h). */
#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void fmt_num(char *buf, size_t n, double v, int dec)
{
    char tmp[64];
    if (fabs(v) < 0.5 * pow(10, -dec)) v = 0;
    snprintf(tmp, sizeof tmp, "%.*f", dec, fabs(v));
    char *dot = strchr(tmp, '.');
    size_t ilen = dot ? (size_t)(dot - tmp) : strlen(tmp), o = 0;
    if (v < 0 && o + 1 < n) buf[o++] = '-';
    for (size_t i = 0; i < ilen && o + 1 < n; i++) {
        buf[o++] = tmp[i];
        if ((ilen - i - 1) % 3 == 0 && i + 1 < ilen && o + 1 < n) buf[o++] = ',';
    }
    for (const char *p = dot; p && *p && o + 1 < n; p++) buf[o++] = *p;
    buf[o] = 0;
}


const char *fmt_shown(const char *s, char buf[48])
{
    size_t i = 0;
    for (; s[i] && i < 40; i++) buf[i] = s[i] >= 32 && s[i] < 127 ? s[i] : '?';
    if (s[i]) { memcpy(buf + i, "...", 3); i += 3; }
    buf[i] = 0;
    return buf;
}

const char *fmt_words(const char *name, char *buf, size_t n)
{
    if (!n) return buf;
    snprintf(buf, n, "%s", name);
    for (char *q = buf; *q; q++)
        if (*q == '_') *q = ' ';
    return buf;
}

int fmt_capacity_dec(double pct) { return fabs(pct - 110) <= 0.5 || fabs(pct - 100) <= 0.5; }
