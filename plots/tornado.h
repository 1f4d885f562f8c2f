/* tornado.h: the tornado chart of `caseflow sensitivity`, and its alt text.
 *
 * Pipeline position: charts.  One bar per assumption, largest swing at the
 * top: from the measure with every assumption central (a vertical line) to
 * its value with the assumption at its low end (one colour) and at its high
 * end (another, darker: the two differ in greyscale too), each end
 * labelled with its number.  At most TORNADO_ROWS bars; the alt text and
 * sensitivity.csv have every assumption. */
#ifndef CASEFLOW_TORNADO_H
#define CASEFLOW_TORNADO_H

#include "error.h"
#include "sensitivity.h"

#define TORNADO_ROWS 15

/* tornado.png (and the other formats asked for) and tornado.txt in dir. */
int tornado_render(const sens_t *s, const char *made, const char *dir, int formats, errlist_t *e);

#endif
