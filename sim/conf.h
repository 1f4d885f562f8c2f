/* conf.h: a YAML file as a small tree that remembers where each node came from.
 *
 * libyaml parses; we copy its document into cnode trees so that scenario
 * files can be merged (`extends:`) while every node keeps its own file, line
 * and column for error messages.  Map lookups are tracked: cn_get marks the key
 * as read, and cn_finish_map reports every key nobody read as unknown, with the
 * keys that were expected and the nearest one ("did you mean ...?").  That is
 * how a misspelt key becomes an error instead of a silent default.
 *
 * Typed readers (cn_num, cn_int, cn_str, cn_month) return 0 on success and on
 * failure append one FILE:LINE:COLUMN message and return -1.
 *
 * Ownership: cn_load returns a tree the caller frees with cn_free (NULL ok).
 * Strings returned by cn_str point into the tree. */
#ifndef CASEFLOW_CONF_H
#define CASEFLOW_CONF_H

#include "error.h"

typedef enum { CN_SCALAR, CN_SEQ, CN_MAP } cn_type;

typedef struct cnode cnode;
struct cnode {
    cn_type type;
    char *file;          /* own copy */
    int line, col;       /* 1-based */
    char *text;          /* scalar text */
    int quoted;          /* scalar was quoted (so never a number) */
    int n, cap;          /* children (seq items or map values), allocated */
    long nodes;          /* nodes in this subtree, itself included */
    long bytes;          /* bytes of text (scalars and keys) in this subtree */
    cnode **kid;
    char **key;          /* map keys */
    int *key_line, *key_col;
    unsigned char *used; /* map: key read? */
    const char *asked[48]; /* map: keys asked for (for messages) */
    int nasked;
};

/* Limits on what cn_load accepts (libyaml caps nothing by itself): file
 * size, nesting depth, values after aliases are expanded, keys per mapping.
 * A scenario is a few KB, a few thousand values. */
#define CN_MAX_BYTES (1 << 20)
#define CN_MAX_DEPTH 64
#define CN_MAX_NODES 100000L
#define CN_MAX_TEXT (4L << 20)  /* bytes of text once aliases are expanded */
#define CN_MAX_KEYS 1000

/* Reads a regular file (never a FIFO or device) of YAML whose top level is a
 * mapping; NULL with one message on anything else. */
cnode *cn_load(const char *path, errlist_t *e);
/* The same; if quiet, no message quotes the file's own text (for a file
 * named by another that may not be a scenario at all). */
cnode *cn_load_quiet(const char *path, errlist_t *e, int quiet);
void cn_free(cnode *n);
/* Deep copy (used by merging). */
cnode *cn_copy(const cnode *n);
/* Merges `over` onto `base` in place: maps merge key by key, anything else
 * (scalars, lists) replaces whole.  `over` is not modified. */
int cn_merge(cnode *base, const cnode *over);
/* Appends a deep copy of item to the list seq.  0, or -1 out of memory. */
int cn_append(cnode *seq, const cnode *item);
/* Removes key from a map (no-op if absent). */
void cn_remove(cnode *map, const char *key);

/* Map access.  cn_get returns NULL if absent; if `required`, also reports it
 * as missing with `expect` describing what should be there. */
cnode *cn_get(errlist_t *e, cnode *map, const char *key, int required, const char *expect);
int cn_is_map(errlist_t *e, cnode *n, const char *what);
int cn_is_seq(errlist_t *e, cnode *n, const char *what);
/* Reports unread keys of a map; returns the number reported. */
int cn_finish_map(errlist_t *e, cnode *map);

int cn_num(errlist_t *e, cnode *n, double lo, double hi, const char *expect, double *out);
int cn_int(errlist_t *e, cnode *n, long lo, long hi, const char *expect, long *out);
int cn_str(errlist_t *e, cnode *n, const char **out);
/* "YYYY-MM" with 1900 <= YYYY <= 2200; *out = YYYY*12 + (MM-1). */
int cn_month(errlist_t *e, cnode *n, int *out);
/* The same rule on plain text (for CSV readers): 0 ok, -1 not YYYY-MM,
 * -2 out of range. */
int cn_month_text(const char *text, int *out);
/* Shortcuts: read map[key] if present (or report it missing if required).
 * Return 1 if read, 0 if absent and optional, -1 on error. */
int cn_get_num(errlist_t *e, cnode *map, const char *key, int required,
               double lo, double hi, const char *expect, double *out);
int cn_get_int(errlist_t *e, cnode *map, const char *key, int required,
               long lo, long hi, const char *expect, long *out);

/* The path of child i of n, as `caseflow params` names numbers: "PATH.key"
 * in a mapping; in a list, "PATH.NAME" for an item with a `name:`, else
 * "PATH.INDEX". */
void cn_child_path(const cnode *n, int i, const char *path, char *out, size_t len);

/* Reports an error at a node. */
void cn_error(errlist_t *e, const cnode *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
