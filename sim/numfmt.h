/* numfmt.h: numbers as people read them: 244,209 and 1,234.5 (used by the
 * scenario description, summary.txt, headlines and chart labels alike). */
#ifndef CASEFLOW_NUMFMT_H
#define CASEFLOW_NUMFMT_H

#include <stddef.h>

/* v with thousands separators and `dec` decimals; never "-0". */
void fmt_num(char *buf, size_t n, double v, int dec);
/* Decimals to print a capacity % with: 1 when it is within half a point
 * of the 100% or 110% line, so a 109.5 reads 109.5 (under), not 110;
 * else 0. */
int fmt_capacity_dec(double pct);
/* At most 40 bytes of s for quoting in a message, '?' for anything that is
 * not printable ASCII, "..." when cut; returns buf. */
const char *fmt_shown(const char *s, char buf[48]);
/* A scenario's name for a thing (a disposal, a work type) as words for a
 * reader: "unpaid_work_supervision" -> "unpaid work supervision"; returns buf. */
const char *fmt_words(const char *name, char *buf, size_t n);

#endif
