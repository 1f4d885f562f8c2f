/* error.c: the one funnel for user-facing error messages. */
#include "error.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void errlist_init(errlist_t *e) { memset(e, 0, sizeof *e); }

void errlist_clear(errlist_t *e)
{
    for (int i = 0; i < e->count; i++) free(e->msg[i]);
    free(e->msg);
    errlist_init(e);
}

void errlist_add(errlist_t *e, const char *file, int line, int col,
                 const char *fmt, ...)
{
    char body[1024], head[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    if (line > 0)
        snprintf(head, sizeof head, "%s:%d:%d: ", file ? file : "?", line, col);
    else
        snprintf(head, sizeof head, "%s: ", file ? file : "caseflow");
    size_t n = strlen(head) + strlen(body) + 1;
    char *m = malloc(n);
    if (!m) return; /* out of memory while reporting: drop the message */
    snprintf(m, n, "%s%s", head, body);
    if (e->count == e->cap) {
        int cap = e->cap ? 2 * e->cap : 8;
        char **p = realloc(e->msg, (size_t)cap * sizeof *p);
        if (!p) { free(m); return; }
        e->msg = p;
        e->cap = cap;
    }
    e->msg[e->count++] = m;
}

void errlist_print(const errlist_t *e, FILE *out)
{
    for (int i = 0; i < e->count; i++) fprintf(out, "%s\n", e->msg[i]);
}
