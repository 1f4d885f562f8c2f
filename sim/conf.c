/* conf.c: YAML (libyaml) to cnode trees, checked access, merging. */
#include "conf.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

void cn_error(errlist_t *e, const cnode *n, const char *fmt, ...)
{
    char buf[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    errlist_add(e, n->file, n->line, n->col, "%s", buf);
}

static cnode *node_new(cn_type t, const char *file, int line, int col)
{
    cnode *n = calloc(1, sizeof *n);
    if (!n) return NULL;
    n->type = t;
    n->file = xstrdup(file);
    n->line = line;
    n->col = col;
    n->nodes = 1;
    if (!n->file) { free(n); return NULL; }
    return n;
}

void cn_free(cnode *n)
{
    if (!n) return;
    for (int i = 0; i < n->n; i++) {
        cn_free(n->kid[i]);
        if (n->key) free(n->key[i]);
    }
    free(n->kid);
    free(n->key);
    free(n->key_line);
    free(n->key_col);
    free(n->used);
    free(n->text);
    free(n->file);
    free(n);
}

/* Appends a child (and key, for maps); arrays grow by doubling, so a list
 * of n items costs O(n).  Returns -1 on out of memory. */
static int node_push(cnode *p, cnode *kid, const char *key, int kl, int kc)
{
    if (p->n == p->cap) {
        int cap = p->cap ? 2 * p->cap : 4;
        cnode **k = realloc(p->kid, (size_t)cap * sizeof *k);
        if (!k) return -1;
        p->kid = k;
        if (p->type == CN_MAP) {
            char **ks = realloc(p->key, (size_t)cap * sizeof *ks);
            if (ks) p->key = ks;
            int *l = realloc(p->key_line, (size_t)cap * sizeof *l);
            if (l) p->key_line = l;
            int *c = realloc(p->key_col, (size_t)cap * sizeof *c);
            if (c) p->key_col = c;
            unsigned char *u = realloc(p->used, (size_t)cap);
            if (u) p->used = u;
            if (!ks || !l || !c || !u) return -1;
        }
        p->cap = cap;
    }
    if (p->type == CN_MAP) {
        if (!key) return -1; /* a map's entries have keys */
        p->key[p->n] = xstrdup(key);
        if (!p->key[p->n]) return -1;
        p->key_line[p->n] = kl;
        p->key_col[p->n] = kc;
        p->used[p->n] = 0;
    }
    p->kid[p->n++] = kid;
    return 0;
}

/* ---- loading: libyaml events -> cnode tree, with every input bounded ------
 *
 * We build the tree from libyaml's event stream ourselves rather than with
 * yaml_parser_load, so that each limit is checked as the input arrives:
 * nesting depth at each collection start (a file of 300 KB of '[' stops at
 * level 65, in linear time), and the number of nodes after aliases are
 * expanded (nine levels of ten aliases would be a billion nodes; we stop at
 * CN_MAX_NODES).  The file itself is read whole, after checking it is a
 * regular file (not a FIFO that would block for ever) of at most CN_MAX_BYTES. */

typedef struct {
    cnode *node;
    char *key;          /* map: key waiting for its value, or NULL */
    int kl, kc;
} frame_t;

typedef struct {
    char *name;
    cnode *node;
    int done;           /* collection finished (an alias to it is not recursive) */
} anchor_t;

typedef struct {
    const char *file;
    errlist_t *e;
    frame_t stack[CN_MAX_DEPTH + 1];
    int depth;
    long nodes;         /* nodes made so far, aliases expanded */
    long bytes;         /* bytes of text made so far, aliases expanded */
    anchor_t *anc;
    int nanc, capanc;
    cnode *root;
    int failed;
    int quiet;          /* messages never quote the file's text */
} composer_t;

static void comp_fail(composer_t *c, const yaml_mark_t *m, const char *fmt, const char *arg)
{
    if (c->failed) return;
    c->failed = 1;
    errlist_add(c->e, c->file, (int)m->line + 1, (int)m->column + 1, fmt, arg);
}

/* Counts what the tree holds once aliases are expanded, values and bytes
 * of text, and stops at either limit: nine levels of ten aliases are a
 * billion values; 300 aliases of a list of 300 aliases of one 20 KB
 * string are few values but 1.8 GB. */
static int count(composer_t *c, long nodes, long bytes, const yaml_mark_t *m)
{
    c->nodes += nodes;
    c->bytes += bytes;
    if (c->nodes > CN_MAX_NODES)
        comp_fail(c, m, "the file has more than %s values once aliases are expanded (expected a scenario of a few thousand; are aliases nested too deep?)",
                  "100,000");
    else if (c->bytes > CN_MAX_TEXT)
        comp_fail(c, m, "the file has more than %s of text once aliases are expanded (expected a scenario of a few KB; are long values aliased many times?)",
                  "4 MB");
    else return 0;
    return -1;
}

static int add_anchor(composer_t *c, const yaml_char_t *name, cnode *n, int done)
{
    if (!name) return 0;
    if (c->nanc == c->capanc) {
        int cap = c->capanc ? 2 * c->capanc : 16;
        anchor_t *a = realloc(c->anc, (size_t)cap * sizeof *a);
        if (!a) return -1;
        c->anc = a;
        c->capanc = cap;
    }
    char *s = xstrdup((const char *)name);
    if (!s) return -1;
    c->anc[c->nanc++] = (anchor_t){ s, n, done };
    return 0;
}

/* Places a finished node: the root, an item of a list, a key, or a value. */
static int attach(composer_t *c, cnode *n, const yaml_mark_t *m)
{
    if (c->depth == 0) {
        if (c->root) { cn_free(n); comp_fail(c, m, "a second value at the top level (expected %s)", "one scenario mapping"); return -1; }
        c->root = n;
        return 0;
    }
    frame_t *f = &c->stack[c->depth - 1];
    if (f->node->type == CN_SEQ) {
        if (node_push(f->node, n, NULL, 0, 0)) { cn_free(n); return -1; }
        return 0;
    }
    if (!f->key) {
        if (n->type != CN_SCALAR) {
            cn_free(n);
            comp_fail(c, m, "a key must be a plain word (expected %s)", "a scalar key");
            return -1;
        }
        for (int i = 0; i < f->node->n; i++)
            if (!strcmp(f->node->key[i], n->text)) {
                char msg[160];
                snprintf(msg, sizeof msg, "duplicate key%s (first given on line %d)",
                         c->quiet ? "" : " '%s'", f->node->key_line[i]);
                comp_fail(c, m, msg, n->text);
                cn_free(n);
                return -1;
            }
        if (f->node->n >= CN_MAX_KEYS) {
            cn_free(n);
            comp_fail(c, m, "more than %s keys in one mapping (expected a scenario section)", "1,000");
            return -1;
        }
        f->key = n->text;
        n->text = NULL;
        f->kl = n->line;
        f->kc = n->col;
        cn_free(n);
        return 0;
    }
    int rc = node_push(f->node, n, f->key, f->kl, f->kc);
    free(f->key);
    f->key = NULL;
    if (rc) { cn_free(n); return -1; }
    return 0;
}

static void compose_event(composer_t *c, yaml_event_t *ev)
{
    const yaml_mark_t *m = &ev->start_mark;
    int line = (int)m->line + 1, col = (int)m->column + 1;
    cnode *n;
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        if (strlen((const char *)ev->data.scalar.value) != ev->data.scalar.length) {
            comp_fail(c, m, "a NUL character (\\0) in a key or value (expected %s)", "plain text");
            return;
        }
        if (count(c, 1, (long)ev->data.scalar.length + 1, m)) return;
        n = node_new(CN_SCALAR, c->file, line, col);
        if (n && !(n->text = xstrdup((const char *)ev->data.scalar.value))) { cn_free(n); n = NULL; }
        if (n) n->bytes = (long)ev->data.scalar.length + 1;
        if (!n) { c->failed = 1; return; }
        n->quoted = ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                    ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
        if (add_anchor(c, ev->data.scalar.anchor, n, 1)) { cn_free(n); c->failed = 1; return; }
        if (attach(c, n, m)) c->failed = 1;
        return;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
        if (c->depth >= CN_MAX_DEPTH) {
            comp_fail(c, m, "nesting too deep (expected at most %s levels of lists and mappings)", "64");
            return;
        }
        if (count(c, 1, 0, m)) return;
        n = node_new(ev->type == YAML_SEQUENCE_START_EVENT ? CN_SEQ : CN_MAP, c->file, line, col);
        if (!n) { c->failed = 1; return; }
        {
            const yaml_char_t *a = ev->type == YAML_SEQUENCE_START_EVENT ? ev->data.sequence_start.anchor
                                                                          : ev->data.mapping_start.anchor;
            if (add_anchor(c, a, n, 0)) { cn_free(n); c->failed = 1; return; }
        }
        c->stack[c->depth++] = (frame_t){ n, NULL, 0, 0 };
        return;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: {
        frame_t f = c->stack[--c->depth];
        free(f.key); /* libyaml never ends a mapping between key and value */
        long total = 1, bytes = 0;
        for (int i = 0; i < f.node->n; i++) {
            total += f.node->kid[i]->nodes;
            bytes += f.node->kid[i]->bytes + (f.node->key ? (long)strlen(f.node->key[i]) + 1 : 0);
        }
        f.node->nodes = total;
        f.node->bytes = bytes;
        for (int i = c->nanc - 1; i >= 0; i--)
            if (c->anc[i].node == f.node) c->anc[i].done = 1;
        if (attach(c, f.node, m)) c->failed = 1;
        return;
    }
    case YAML_ALIAS_EVENT: {
        const char *name = (const char *)ev->data.alias.anchor;
        int i = c->nanc - 1;
        while (i >= 0 && strcmp(c->anc[i].name, name)) i--;
        if (c->quiet) name = "";
        if (i < 0) { comp_fail(c, m, "alias *%s names no anchor given before it (expected &name earlier in the file)", name); return; }
        if (!c->anc[i].done) { comp_fail(c, m, "alias *%s refers to the collection it is in (expected no recursive aliases)", name); return; }
        if (count(c, c->anc[i].node->nodes, c->anc[i].node->bytes, m)) return;
        n = cn_copy(c->anc[i].node);
        if (!n) { c->failed = 1; return; }
        if (attach(c, n, m)) c->failed = 1;
        return;
    }
    case YAML_DOCUMENT_START_EVENT:
        if (c->root) comp_fail(c, m, "a second YAML document (expected %s)", "one scenario per file");
        return;
    default:
        return;
    }
}

/* Reads a regular file of at most CN_MAX_BYTES into a new buffer. */
static unsigned char *read_whole(const char *path, size_t *len, errlist_t *e)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        errlist_add(e, path, 0, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    struct stat st;
    unsigned char *buf = NULL;
    if (fstat(fd, &st)) errlist_add(e, path, 0, 0, "cannot open: %s", strerror(errno));
    else if (!S_ISREG(st.st_mode))
        errlist_add(e, path, 0, 0, "not a regular file (expected a YAML file, not a %s)",
                    S_ISDIR(st.st_mode) ? "directory" : S_ISFIFO(st.st_mode) ? "pipe" : "device or socket");
    else if (st.st_size > CN_MAX_BYTES)
        errlist_add(e, path, 0, 0, "the file is %lld bytes (expected at most %d: a scenario is a few KB)",
                    (long long)st.st_size, CN_MAX_BYTES);
    else if (!(buf = malloc((size_t)st.st_size + 1)))
        errlist_add(e, path, 0, 0, "out of memory reading the file");
    else {
        size_t got = 0;
        for (;;) {
            ssize_t r = read(fd, buf + got, (size_t)st.st_size + 1 - got);
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) {
                if (r < 0) {
                    errlist_add(e, path, 0, 0, "cannot read: %s", strerror(errno));
                    free(buf);
                    buf = NULL;
                }
                break;
            }
            got += (size_t)r;
            if (got > (size_t)st.st_size) {
                errlist_add(e, path, 0, 0, "the file grew while being read (expected a file that is not being written)");
                free(buf);
                buf = NULL;
                break;
            }
        }
        *len = got;
    }
    close(fd);
    return buf;
}

cnode *cn_load(const char *path, errlist_t *e) { return cn_load_quiet(path, e, 0); }

cnode *cn_load_quiet(const char *path, errlist_t *e, int quiet)
{
    size_t len = 0;
    unsigned char *buf = read_whole(path, &len, e);
    if (!buf) return NULL;
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        free(buf);
        errlist_add(e, path, 0, 0, "out of memory starting the YAML parser");
        return NULL;
    }
    yaml_parser_set_input_string(&parser, buf, len);
    composer_t c = { .file = path, .e = e, .quiet = quiet };
    int before = e->count;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            yaml_mark_t at = parser.problem_mark;
            if (parser.error == YAML_READER_ERROR && parser.problem_offset <= len) {
                /* libyaml gives a bad byte (invalid UTF-8, a control
                 * character) as an offset only: count its line and column */
                at.line = at.column = 0;
                for (size_t i = 0; i < parser.problem_offset; i++) {
                    if (buf[i] == '\n') { at.line++; at.column = 0; }
                    else if ((buf[i] & 0xc0) != 0x80) at.column++;   /* characters, not bytes */
                }
            }
            const yaml_mark_t *m = &at;
            char ctx[160] = "";
            if (parser.context)
                snprintf(ctx, sizeof ctx, " %s that started at line %d column %d", parser.context,
                         (int)parser.context_mark.line + 1, (int)parser.context_mark.column + 1);
            errlist_add(e, path, (int)m->line + 1, (int)m->column + 1,
                        "not valid YAML: %s%s (expected a YAML mapping of scenario keys)",
                        parser.problem ? parser.problem : "parse error", ctx);
            c.failed = 1;
            break;
        }
        int end = ev.type == YAML_STREAM_END_EVENT;
        compose_event(&c, &ev);
        yaml_event_delete(&ev);
        if (end || c.failed) break;
    }
    for (int i = 0; i < c.depth; i++) {
        free(c.stack[i].key);
        cn_free(c.stack[i].node);
    }
    for (int i = 0; i < c.nanc; i++) free(c.anc[i].name);
    free(c.anc);
    yaml_parser_delete(&parser);
    free(buf);
    cnode *root = c.root;
    if (c.failed) {
        cn_free(root);
        if (e->count == before) errlist_add(e, path, 0, 0, "out of memory reading the file");
        return NULL;
    }
    if (!root) {
        errlist_add(e, path, 1, 1, "the file is empty (expected a YAML mapping of scenario keys)");
        return NULL;
    }
    if (root->type != CN_MAP) {
        cn_error(e, root, "the file is not a mapping (expected 'key: value' lines at the top level)");
        cn_free(root);
        return NULL;
    }
    return root;
}

cnode *cn_copy(const cnode *n)
{
    cnode *c = node_new(n->type, n->file, n->line, n->col);
    if (!c) return NULL;
    c->quoted = n->quoted;
    c->nodes = n->nodes;
    c->bytes = n->bytes;
    if (n->text && !(c->text = xstrdup(n->text))) { cn_free(c); return NULL; }
    for (int i = 0; i < n->n; i++) {
        cnode *k = cn_copy(n->kid[i]);
        if (!k || node_push(c, k, n->key ? n->key[i] : NULL,
                            n->key_line ? n->key_line[i] : 0, n->key_col ? n->key_col[i] : 0)) {
            cn_free(k);
            cn_free(c);
            return NULL;
        }
    }
    return c;
}

static int find_key(const cnode *map, const char *key)
{
    for (int i = 0; i < map->n; i++)
        if (!strcmp(map->key[i], key)) return i;
    return -1;
}

int cn_merge(cnode *base, const cnode *over)
{
    for (int i = 0; i < over->n; i++) {
        int j = find_key(base, over->key[i]);
        const cnode *o = over->kid[i];
        if (j >= 0 && base->kid[j]->type == CN_MAP && o->type == CN_MAP) {
            if (cn_merge(base->kid[j], o)) return -1;
            continue;
        }
        cnode *c = cn_copy(o);
        if (!c) return -1;
        if (j >= 0) {
            cn_free(base->kid[j]);
            base->kid[j] = c;
            base->key_line[j] = over->key_line[i];
            base->key_col[j] = over->key_col[i];
        } else if (node_push(base, c, over->key[i], over->key_line[i], over->key_col[i])) {
            cn_free(c);
            return -1;
        }
    }
    return 0;
}

int cn_append(cnode *seq, const cnode *item)
{
    cnode *c = cn_copy(item);
    if (!c) return -1;
    if (node_push(seq, c, NULL, 0, 0)) { cn_free(c); return -1; }
    seq->nodes += c->nodes;
    return 0;
}

void cn_remove(cnode *map, const char *key)
{
    int j = find_key(map, key);
    if (j < 0) return;
    cn_free(map->kid[j]);
    free(map->key[j]);
    for (int i = j + 1; i < map->n; i++) {
        map->kid[i - 1] = map->kid[i];
        map->key[i - 1] = map->key[i];
        map->key_line[i - 1] = map->key_line[i];
        map->key_col[i - 1] = map->key_col[i];
        map->used[i - 1] = map->used[i];
    }
    map->n--;
}

static const char *type_name(cn_type t)
{
    return t == CN_MAP ? "a mapping" : t == CN_SEQ ? "a list" : "a single value";
}

int cn_is_map(errlist_t *e, cnode *n, const char *what)
{
    if (n->type == CN_MAP) return 1;
    cn_error(e, n, "found %s (expected %s as a mapping of keys)", type_name(n->type), what);
    return 0;
}

int cn_is_seq(errlist_t *e, cnode *n, const char *what)
{
    if (n->type == CN_SEQ) return 1;
    cn_error(e, n, "found %s (expected %s as a list)", type_name(n->type), what);
    return 0;
}

cnode *cn_get(errlist_t *e, cnode *map, const char *key, int required, const char *expect)
{
    if (map->nasked < (int)(sizeof map->asked / sizeof map->asked[0])) {
        int seen = 0;
        for (int i = 0; i < map->nasked; i++) seen |= !strcmp(map->asked[i], key);
        if (!seen) map->asked[map->nasked++] = key;
    }
    int j = find_key(map, key);
    if (j >= 0) {
        map->used[j] = 1;
        return map->kid[j];
    }
    if (required) cn_error(e, map, "missing key '%s' (expected %s)", key, expect);
    return NULL;
}

static int edit_distance(const char *a, const char *b)
{
    int la = (int)strlen(a), lb = (int)strlen(b);
    if (la > 63 || lb > 63) return 99;
    int d[64][64];
    for (int i = 0; i <= la; i++) d[i][0] = i;
    for (int j = 0; j <= lb; j++) d[0][j] = j;
    for (int i = 1; i <= la; i++)
        for (int j = 1; j <= lb; j++) {
            int c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < c) c = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < c) c = d[i][j - 1] + 1;
            d[i][j] = c;
        }
    return d[la][lb];
}

int cn_finish_map(errlist_t *e, cnode *map)
{
    int bad = 0;
    for (int i = 0; i < map->n; i++) {
        if (map->used[i]) continue;
        bad++;
        const char *best = NULL;
        int bd = 99;
        char list[600] = "";
        for (int k = 0; k < map->nasked; k++) {
            int d = edit_distance(map->key[i], map->asked[k]);
            if (d < bd) { bd = d; best = map->asked[k]; }
            if (strlen(list) + strlen(map->asked[k]) + 3 < sizeof list) {
                if (k) strcat(list, ", ");
                strcat(list, map->asked[k]);
            }
        }
        int lim = (int)strlen(map->key[i]) / 3 + 1;
        if (best && bd <= (lim < 3 ? lim : 3))
            errlist_add(e, map->kid[i]->file, map->key_line[i], map->key_col[i],
                        "unknown key '%s' (did you mean '%s'?)", map->key[i], best);
        else
            errlist_add(e, map->kid[i]->file, map->key_line[i], map->key_col[i],
                        "unknown key '%s' (expected one of: %s)", map->key[i], list);
    }
    return bad;
}

int cn_str(errlist_t *e, cnode *n, const char **out)
{
    if (n->type != CN_SCALAR) {
        cn_error(e, n, "found %s (expected a single value)", type_name(n->type));
        return -1;
    }
    *out = n->text;
    return 0;
}

int cn_num(errlist_t *e, cnode *n, double lo, double hi, const char *expect, double *out)
{
    if (n->type != CN_SCALAR || n->quoted) {
        cn_error(e, n, "found %s (expected %s)", n->type != CN_SCALAR ? type_name(n->type) : "a quoted string", expect);
        return -1;
    }
    char *end;
    errno = 0;
    double v = strtod(n->text, &end);
    /* Allow thousands written with underscores? No: YAML 1.1 did, 1.2 does not. */
    if (end == n->text || *end != '\0' || errno == ERANGE || !isfinite(v)) {
        cn_error(e, n, "'%s' is not a number (expected %s)", n->text, expect);
        return -1;
    }
    if (v < lo || v > hi) {
        /* the limits too: "sentences a year, >= 0" did not say 1e9 was past
         * the most a scenario may ask for */
        char lim[80];
        snprintf(lim, sizeof lim, "%.15g to %.15g", lo, hi);
        cn_error(e, n, "%s is out of range (expected %s; limits %s)", n->text, expect, lim);
        return -1;
    }
    *out = v;
    return 0;
}

int cn_int(errlist_t *e, cnode *n, long lo, long hi, const char *expect, long *out)
{
    if (n->type != CN_SCALAR || n->quoted) {
        cn_error(e, n, "found %s (expected %s)", n->type != CN_SCALAR ? type_name(n->type) : "a quoted string", expect);
        return -1;
    }
    char *end;
    errno = 0;
    long v = strtol(n->text, &end, 10);
    if (end == n->text || *end != '\0' || errno == ERANGE) {
        cn_error(e, n, "'%s' is not a whole number (expected %s)", n->text, expect);
        return -1;
    }
    if (v < lo || v > hi) {
        char lim[64];
        snprintf(lim, sizeof lim, "%ld to %ld", lo, hi);
        cn_error(e, n, "%s is out of range (expected %s; limits %s)", n->text, expect, lim);
        return -1;
    }
    *out = v;
    return 0;
}

int cn_month_text(const char *t, int *out)
{
    /* exactly four digits, a dash, two digits: sscanf would also take
     * "2025-+6", " 2025-6" or "2025-6" */
    for (int i = 0; i < 7; i++)
        if (i == 4 ? t[i] != '-' : (t[i] < '0' || t[i] > '9')) return -1;
    if (t[7]) return -1;
    int y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
    int m = (t[5] - '0') * 10 + (t[6] - '0');
    if (y < 1900 || y > 2200 || m < 1 || m > 12) return -2;
    *out = y * 12 + (m - 1);
    return 0;
}

int cn_month(errlist_t *e, cnode *n, int *out)
{
    int rc = n->type == CN_SCALAR ? cn_month_text(n->text, out) : -1;
    if (rc == -1)
        cn_error(e, n, "'%s' is not a month (expected YYYY-MM, e.g. 2025-06)",
                 n->type == CN_SCALAR ? n->text : "?");
    else if (rc == -2)
        cn_error(e, n, "month %s is out of range (expected YYYY-MM with 1900 <= YYYY <= 2200 and 01 <= MM <= 12)", n->text);
    return rc ? -1 : 0;
}

void cn_child_path(const cnode *n, int i, const char *path, char *out, size_t len)
{
    if (n->type == CN_MAP) {
        snprintf(out, len, "%s%s%s", path, path[0] ? "." : "", n->key[i]);
        return;
    }
    const cnode *k = n->kid[i];
    const char *nm = NULL;
    if (k->type == CN_MAP)
        for (int j = 0; j < k->n; j++)
            if (!strcmp(k->key[j], "name") && k->kid[j]->type == CN_SCALAR) nm = k->kid[j]->text;
    if (nm) snprintf(out, len, "%s.%s", path, nm);
    else snprintf(out, len, "%s.%d", path, i);
}

int cn_get_num(errlist_t *e, cnode *map, const char *key, int required,
               double lo, double hi, const char *expect, double *out)
{
    cnode *n = cn_get(e, map, key, required, expect);
    if (!n) return required ? -1 : 0;
    return cn_num(e, n, lo, hi, expect, out) ? -1 : 1;
}

int cn_get_int(errlist_t *e, cnode *map, const char *key, int required,
               long lo, long hi, const char *expect, long *out)
{
    cnode *n = cn_get(e, map, key, required, expect);
    if (!n) return required ? -1 : 0;
    return cn_int(e, n, lo, hi, expect, out) ? -1 : 1;
}
